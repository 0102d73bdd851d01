package store

import (
	"strings"
	"testing"

	"passerelle"
)

// The unknown-email path compares against dummyHash; it must cost what a real account's
// comparison costs, so it carries the same parameters, salt and key lengths, and no
// password matches it.
func TestDummyHashLikeReal(t *testing.T) {
	real, err := HashPassword("a real password")
	if err != nil {
		t.Fatal(err)
	}
	d, r := strings.Split(dummyHash, "$"), strings.Split(real, "$")
	if len(d) != 6 || len(r) != 6 {
		t.Fatalf("fields: %q, %q", dummyHash, real)
	}
	for i := 1; i <= 3; i++ {
		if d[i] != r[i] {
			t.Errorf("field %d: dummy %q, real %q", i, d[i], r[i])
		}
	}
	for i := 4; i <= 5; i++ {
		if len(d[i]) != len(r[i]) {
			t.Errorf("field %d length: dummy %d, real %d", i, len(d[i]), len(r[i]))
		}
	}
	for _, pw := range []string{"", "passerelle-no-such-user", "a real password"} {
		if checkPassword(dummyHash, pw) {
			t.Errorf("dummy hash accepts %q", pw)
		}
	}
	if !checkPassword(real, "a real password") {
		t.Error("real hash refuses its password")
	}
}

// TestPasswordRules: what an attacker tries first is refused, with a message on the
// password field; ordinary passphrases, the demo's and the tests' passwords pass.
func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		pw, email string
		want      string // part of the message; "" for accepted
	}{
		{"passerelle-demo", "coordinator@demo.passerelle.test", ""},
		{"test-password-123", "alice@example.org", ""},
		{"a-long-enough-secret", "officer@example.org", ""},
		{"another-password", "newcomer@example.org", ""},
		{"rival-admin-pass-2026", "admin@rival.test", ""},
		{"correct horse battery staple", "marie.curie@example.org", ""},
		{"Tr0ub4dor&3-xk", "x@example.org", ""},
		{"short", "x@example.org", "at least"},
		{"1234567890", "x@example.org", "too"},
		{"0987654321", "x@example.org", "too"},
		{"aaaaaaaaaa", "x@example.org", "too simple"},
		{"abababababab", "x@example.org", "too simple"},
		{"abcdefghijkl", "x@example.org", "too simple"},
		{"qwertyuiop", "x@example.org", "too"},
		{"azertyuiop", "x@example.org", "too"},
		{"ZYXWVUTSRQ", "x@example.org", "too simple"},
		{"1234-5678-90", "x@example.org", "too"},
		{"password", "x@example.org", "at least"},
		{"password123", "x@example.org", "too common"},
		{"P@ssw0rd2024!", "x@example.org", "too common"},
		{"Password1234", "x@example.org", "too common"},
		{"iloveyou!!!!", "x@example.org", "too common"},
		{"motdepasse", "x@example.org", "too common"},
		{"Passerelle2026", "x@example.org", "too common"},
		{"1q2w3e4r5t", "x@example.org", "too common"},
		{"marie.curie-1867", "marie.curie@example.org", "before the @"},
		{"MarieCurie!!99", "marie.curie@example.org", "before the @"},
		{"bobsleigh-rocks", "bob@example.org", ""},
		{"Bob-Smith-1999", "bob.smith@example.org", "before the @"},
	} {
		err := validatePassword(tc.pw, tc.email)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q (%s): refused: %v", tc.pw, tc.email, err)
		case tc.want != "" && (err == nil || !strings.Contains(passerelle.ErrorFields(err)["password"], tc.want)):
			t.Errorf("%q (%s): %v, want a password message with %q", tc.pw, tc.email, err, tc.want)
		}
	}
	if len(commonKeys) < 300 {
		t.Errorf("only %d common passwords", len(commonKeys))
	}
}
