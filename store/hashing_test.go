package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// With every hashing slot taken, sign-in is refused with EBUSY at once (no hash, no
// memory), and the refusal does not count as a failed attempt.
func TestPasswordHashingBounded(t *testing.T) {
	db := testDBs(t)["sqlite"]
	if n := db.Hashing.Slots(); n < 2 || n > 8 {
		t.Errorf("default slots %d, want 2 to 8 (512 MiB of 64 MiB hashes)", n)
	}
	db.Hashing = store.NewPasswordLimiter(2, 10*time.Millisecond)
	f := newFixture(t, db)
	ctx := context.Background()
	u := &passerelle.User{Email: "officer@example.org"}
	if err := store.NewUserService(db).CreateUser(f.system, u); err != nil {
		t.Fatal(err)
	}
	if err := store.NewUserService(db).SetMembership(f.system, &passerelle.Membership{UserID: u.ID, Role: passerelle.RoleMember}); err != nil {
		t.Fatal(err)
	}
	acc := store.NewAccountService(db)
	if err := acc.SetPassword(f.system, u.ID, "a-long-enough-secret"); err != nil {
		t.Fatal(err)
	}
	var held []func()
	for range 2 {
		release, err := db.Hashing.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	for i := 0; i < 12; i++ {
		if _, err := acc.Authenticate(ctx, "officer@example.org", "a-long-enough-secret", "10.0.0.1"); passerelle.ErrorCode(err) != passerelle.EBUSY {
			t.Fatalf("sign-in with the slots taken: %v, want EBUSY", err)
		}
	}
	if err := acc.SetPassword(f.system, u.ID, "another-long-secret"); passerelle.ErrorCode(err) != passerelle.EBUSY {
		t.Fatalf("set password with the slots taken: %v, want EBUSY", err)
	}
	for _, r := range held {
		r()
	}
	// Twelve refusals were not twelve failures: the account is not locked.
	if _, err := acc.Authenticate(ctx, "officer@example.org", "a-long-enough-secret", "10.0.0.1"); err != nil {
		t.Fatalf("sign-in after release: %v", err)
	}
}
