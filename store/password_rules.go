package store

import (
	_ "embed"
	"strings"
	"unicode"

	"passerelle"
)

// commonPasswords lists the most used passwords (from the published leaks' top lists,
// in English and French, plus the product's own name), one per line, lower case. It is
// short on purpose: together with the rules below it refuses what an attacker tries
// first (ASVS 2.1.7), without pretending to measure strength.
//
//go:embed common_passwords.txt
var commonPasswordsText string

// commonKeys holds every listed password and its passwordKey.
var commonKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			m[l] = true
			if k := passwordKey(l); len(k) >= 4 {
				m[k] = true
			}
		}
	}
	return m
}()

// sequences are runs that people type as passwords: the alphabet, digits (wrapping
// after 9, as in 1234567890) and the letter rows of QWERTY, AZERTY and QWERTZ keyboards.
var sequences = []string{
	"abcdefghijklmnopqrstuvwxyz", "01234567890123456789",
	"qwertyuiopasdfghjklzxcvbnm", "azertyuiopqsdfghjklmwxcvbn", "qwertzuiopasdfghjklyxcvbnm",
}

// passwordKey reduces a password to its "core": lower case, digits and symbols trimmed
// from both ends, the usual character substitutions undone (p@ssw0rd is password) and
// what is left of symbols dropped. "P@ssword2024!" and "password" share a key.
func passwordKey(pw string) string {
	core := strings.TrimFunc(strings.ToLower(pw), func(r rune) bool { return !unicode.IsLetter(r) })
	var b strings.Builder
	for _, r := range core {
		switch r {
		case '@', '4':
			r = 'a'
		case '$', '5':
			r = 's'
		case '0':
			r = 'o'
		case '1', '!':
			r = 'i'
		case '3':
			r = 'e'
		case '7':
			r = 't'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// alnum keeps the letters and digits of s, in lower case.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// repeated reports whether s is one short unit (at most 4 characters) typed again and
// again: "aaaaaaaaaa", "abababab", "abcabcabc".
func repeated(s string) bool {
	r := []rune(s)
	for u := 1; u <= 4 && 2*u <= len(r); u++ {
		same := true
		for i := u; i < len(r) && same; i++ {
			same = r[i] == r[i-u]
		}
		if same {
			return true
		}
	}
	return false
}

// sequential reports whether s is a run of a sequence, forwards or backwards.
func sequential(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, q := range sequences {
		if strings.Contains(q, s) || strings.Contains(reverse(q), s) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// validatePassword checks a new password for the account of email: long enough, not
// absurdly long, not one of the most used passwords (however decorated with digits,
// symbols or substitutions), not a repeated character or pattern, not a sequence such
// as 1234567890 or qwertyuiop, and not made mostly of the email's name part.
func validatePassword(pw, email string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return passerelle.FieldError("password", "at least %d characters", MinPasswordLength)
	}
	if len(pw) > 1024 {
		return passerelle.FieldError("password", "at most 1024 characters")
	}
	lower, an, key := strings.ToLower(pw), alnum(pw), passwordKey(pw)
	if commonKeys[lower] || commonKeys[an] || commonKeys[key] {
		return passerelle.FieldError("password", "too common: it is one of the most used passwords")
	}
	for _, s := range []string{lower, an, key} {
		if len([]rune(s)) >= 4 && (repeated(s) || sequential(s)) {
			return passerelle.FieldError("password", "too simple: a repeated pattern or a sequence such as 1234 or abcd")
		}
	}
	// The email's name part is the first guess about a person: a password made mostly
	// of it ("MarieCurie!!99" for marie.curie@) is refused; one that merely contains a
	// short word of it ("rival-admin-pass-2026" for admin@) is not.
	if local, _, ok := strings.Cut(email, "@"); ok {
		if l := alnum(local); len([]rune(l)) >= 3 && strings.Contains(an, l) && 2*len([]rune(l)) > len([]rune(an)) {
			return passerelle.FieldError("password", "must not be made of the part of your email address before the @")
		}
	}
	return nil
}
