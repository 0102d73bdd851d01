package interchange_test

import (
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
)

// TestCSVUnterminatedQuote: a quote opened and never closed must not swallow the rows
// after it; the reader names the line where the quote opened.
func TestCSVUnterminatedQuote(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"to the end", "key,title,signed_year\n1,\"Unterminated,2013\n2,Other,2014\n3,Third,2015\n", "agreements line 2:"},
		{"to a later quote", "key,title,signed_year\n1,\"Unterminated,2013\n2,\"Other\",2014\n", "agreements line 2:"},
		{"bare quote", "key,title\n1,A 5\" screen\n", "agreements line 2:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := interchange.ReadAgreementCSV("agreements", strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error; rows %q", tb.Rows)
			}
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q (%s), want it to start with %q", err, passerelle.ErrorCode(err), tc.want)
			}
		})
	}
	// Quoted fields over several lines and doubled quotes are still fine.
	tb, err := interchange.ReadAgreementCSV("agreements", strings.NewReader("key,title,notes\n1,\"A \"\"B\"\"\",\"two\nlines\"\n2,C,\n"))
	if err != nil || len(tb.Rows) != 2 || tb.Rows[0][1] != `A "B"` || tb.Rows[0][2] != "two\nlines" {
		t.Errorf("rows %q, %v", tb.Rows, err)
	}
}
