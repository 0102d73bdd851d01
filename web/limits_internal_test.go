package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"passerelle"
)

// TestClientAddr: X-Forwarded-For is believed only from a trusted proxy, and then only
// its last hop that is not a proxy: the hops before are the client's to write.
func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.168.1.5")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: Options{TrustedProxies: trusted}}
	cases := []struct{ remote, xff, want string }{
		{"203.0.113.9:5000", "", "203.0.113.9"},
		{"203.0.113.9:5000", "1.2.3.4", "203.0.113.9"}, // an untrusted peer's header is ignored
		{"10.1.2.3:5000", "198.51.100.7", "198.51.100.7"},
		{"10.1.2.3:5000", "6.6.6.6, 198.51.100.7", "198.51.100.7"}, // the spoofed first hop is not believed
		{"10.1.2.3:5000", "198.51.100.7, 10.9.9.9", "198.51.100.7"},
		{"192.168.1.5:1", "198.51.100.7", "198.51.100.7"},
		{"192.168.1.6:1", "198.51.100.7", "192.168.1.6"},
		{"10.1.2.3:5000", "not-an-address", "10.1.2.3"},
		{"10.1.2.3:5000", "", "10.1.2.3"},
		{"[::1]:5000", "1.2.3.4", "::1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientAddrOf(r); got != c.want {
			t.Errorf("%s via %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8, nonsense"); err == nil {
		t.Error("a bad proxy list was accepted")
	}
	// With no trusted proxy, the header is never believed.
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5000"
	r.Header.Set("X-Forwarded-For", "1.1.1.1")
	if got := (&Server{}).clientAddrOf(r); got != "10.1.2.3" {
		t.Errorf("no trusted proxy: %s", got)
	}
}

// TestTimedOut: a request whose deadline passed answers 503 with a message, not 500.
func TestTimedOut(t *testing.T) {
	err := timedOut(fmt.Errorf("query: %w", context.DeadlineExceeded))
	if passerelle.ErrorCode(err) != passerelle.ETIMEOUT || status(err) != 503 {
		t.Errorf("deadline: %v -> %d", err, status(err))
	}
	if err := timedOut(passerelle.Errorf(passerelle.EINVALID, "x")); status(err) != 422 {
		t.Errorf("other errors kept: %d", status(err))
	}
}
