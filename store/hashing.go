package store

import (
	"context"
	"math"
	"runtime/debug"
	"time"

	"passerelle"
)

// PasswordLimiter bounds how many argon2id computations run at once. Each holds
// argonMemory (64 MiB) until it ends, and anyone may ask for one by posting to the
// sign-in page with any email, so without a bound a burst of requests takes the server's
// memory (24 at once took it from 0.4 to 1.6 GB). A request waits briefly for a slot,
// then is refused with EBUSY (HTTP 429) rather than queued without end.
type PasswordLimiter struct {
	slots chan struct{}
	wait  time.Duration
}

// NewPasswordLimiter allows n concurrent hashes; a caller waits at most wait for one.
func NewPasswordLimiter(n int, wait time.Duration) *PasswordLimiter {
	return &PasswordLimiter{slots: make(chan struct{}, max(1, n)), wait: wait}
}

// passwordHashBudget is the memory that password hashing may hold at once when no
// GOMEMLIMIT says otherwise: 512 MiB, that is 8 hashes, which a 2-core server computes
// in about the time a person takes to notice the wait.
const passwordHashBudget = 512 << 20

// passwordHashSlots sizes the limiter from memory: the budget (a quarter of GOMEMLIMIT
// when one is set and smaller) divided by the memory of one hash, and at least 2.
func passwordHashSlots() int {
	budget := int64(passwordHashBudget)
	if lim := debug.SetMemoryLimit(-1); lim != math.MaxInt64 {
		budget = min(budget, lim/4)
	}
	return max(2, int(budget/(argonMemory*1024)))
}

// Slots returns how many hashes may run at once.
func (l *PasswordLimiter) Slots() int { return cap(l.slots) }

// Acquire takes a slot, waiting at most the limiter's wait; release gives it back.
// Tests call it to fill the limiter.
func (l *PasswordLimiter) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, passerelle.Errorf(passerelle.EBUSY, "too many sign-ins at once: try again in a few seconds")
	}
}

func (l *PasswordLimiter) release() { <-l.slots }

// hashPassword is HashPassword within the database's limiter.
func (db *DB) hashPassword(ctx context.Context, password string) (string, error) {
	release, err := db.Hashing.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(password)
}

// checkPassword is checkPassword within the database's limiter.
func (db *DB) checkPassword(ctx context.Context, encoded, password string) (bool, error) {
	release, err := db.Hashing.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return checkPassword(encoded, password), nil
}
