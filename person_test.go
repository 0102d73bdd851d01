package passerelle

import (
	"errors"
	"strings"
	"testing"
)

// TestPersonNameLength: a first or last name is at most 200 characters (counted as
// characters, not bytes), and a longer one is refused naming its field.
func TestPersonNameLength(t *testing.T) {
	for _, tc := range []struct {
		name        string
		first, last string
		field       string // "" when valid
	}{
		{"both at the limit", strings.Repeat("é", 200), strings.Repeat("Ж", 200), ""},
		{"first name too long", strings.Repeat("a", 201), "Martin", "first_name"},
		{"last name too long", "Anne", strings.Repeat("b", 201), "last_name"},
		{"a megabyte", "Anne", strings.Repeat("word ", 200_000), "last_name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Person{FirstName: tc.first, LastName: tc.last}
			err := p.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("valid name refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Fields[tc.field].Key == "" {
				t.Fatalf("want a problem on %s, got %v", tc.field, err)
			}
		})
	}
}

// TestConsentLengths: a lawful basis's purpose and source are at most 500 characters,
// counted as characters: a Japanese or accented text within the limit is kept.
func TestConsentLengths(t *testing.T) {
	for _, tc := range []struct {
		name            string
		purpose, source string
		field           string // "" when valid
	}{
		{"Japanese at the limit", strings.Repeat("同", 500), strings.Repeat("意", 500), ""},
		{"accents at the limit", strings.Repeat("é", 500), "formulaire", ""},
		{"purpose too long", strings.Repeat("a", 501), "form", "purpose"},
		{"source too long", "newsletter", strings.Repeat("é", 501), "source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Consent{Basis: BasisConsent, Purpose: tc.purpose, Source: tc.source, GivenOn: "2026-01-02"}
			err := c.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("valid consent refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Fields[tc.field].Key == "" {
				t.Fatalf("want a problem on %s, got %v", tc.field, err)
			}
		})
	}
}
