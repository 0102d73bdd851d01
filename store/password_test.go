package store

import (
	"strings"
	"testing"
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
