package interchange_test

import (
	"fmt"
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

// TestCSVEncodings: a Latin-1 file read as UTF-8 is an error naming the line (it used to
// be stored with U+FFFD); read with the encoding given, its letters come back.
func TestCSVEncodings(t *testing.T) {
	latin := "key,title,notes\n1,Coop,\"two\nlines\"\n2,Coop\xe9ration \x80,x\n"
	_, err := interchange.ReadAgreementCSV("agreements", strings.NewReader(latin))
	if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.HasPrefix(err.Error(), "agreements line 4: the text is not UTF-8") {
		t.Errorf("latin-1 read as UTF-8: %v", err)
	}
	// The bad byte on the second line of a quoted cell is on line 3.
	_, err = interchange.ReadAgreementCSV("agreements", strings.NewReader("key,notes\n1,\"ok\nbad \xe9\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "agreements line 3:") {
		t.Errorf("bad byte inside a cell: %v", err)
	}
	for enc, want := range map[string]string{"windows-1252": "Coopération €", "latin1": "Coopération \u0080", "cp1252": "Coopération €"} {
		tb, err := interchange.ReadAgreementCSVIn("agreements", strings.NewReader(latin), enc)
		if err != nil || len(tb.Rows) != 2 || tb.Rows[1][1] != want {
			t.Errorf("%s: %v %+v", enc, err, tb)
		}
	}
	if _, err := interchange.ReadAgreementCSVIn("agreements", strings.NewReader(latin), "ebcdic"); passerelle.ErrorFields(err)["encoding"] == "" {
		t.Errorf("unknown encoding: %v", err)
	}
	// JSON and ROR dumps are UTF-8: a bad byte is reported with its line.
	for it, err := range interchange.ReadAgreementsJSON(strings.NewReader("[\n{\"title\": \"A\"},\n{\"title\": \"Coop\xe9ration\"}\n]")) {
		if err == nil || !strings.Contains(err.Error(), "line 3: the text is not UTF-8") {
			t.Errorf("JSON: %v %+v", err, it)
		}
	}
	var lines []int
	for it, err := range interchange.RORItems(strings.NewReader(`{"id":"https://ror.org/02feahw73","names":[{"value":"A","types":["ror_display"]}]}` + "\n" +
		`{"id":"https://ror.org/0abcdef12","names":[{"value":"Soci` + "\xe9" + `t","types":["ror_display"]}]}` + "\n")) {
		if err != nil {
			lines = append(lines, it.Line)
			if !strings.Contains(err.Error(), "not UTF-8") {
				t.Errorf("ROR: %v", err)
			}
		}
	}
	if len(lines) != 1 || lines[0] != 2 {
		t.Errorf("ROR: errors on lines %v, want [2]", lines)
	}
}

// TestImportNUL: a NUL character in a cell, a JSON string or a ROR record is a problem
// naming its line and field (PostgreSQL cannot store it; it used to fail the import).
func TestImportNUL(t *testing.T) {
	tb, err := interchange.ReadAgreementCSV("agreements", strings.NewReader("key,title,notes\n1,Fine,\n2,Bad\x00title,\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for it, err := range interchange.AgreementItems(map[string]*interchange.Table{"agreements": tb}) {
		for _, p := range it.Problems {
			got = append(got, p.String())
		}
		if err != nil {
			got = append(got, err.Error())
		}
	}
	if len(got) != 1 || got[0] != "line 3: agreements.title: must not contain a NUL character" {
		t.Errorf("CSV: %q", got)
	}
	for it, err := range interchange.ReadAgreementsJSON(strings.NewReader(`[{"title":"ok"},{"title":"x","funding":[{"funder":"a\u0000"}]}]`)) {
		if it.Row == 2 && (err == nil || passerelle.ErrorFields(err)["funding[0].funder"] == "") {
			t.Errorf("JSON: %v", err)
		}
	}
	var lines []string
	for it, err := range interchange.RORItems(strings.NewReader(`{"id":"https://ror.org/02feahw73","names":[{"value":"A\u0000","types":["ror_display"]}]}` + "\n")) {
		if err != nil {
			lines = append(lines, fmt.Sprint(it.Line, " ", err))
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "1 ") || !strings.Contains(lines[0], "names[0].value: must not contain a NUL character") {
		t.Errorf("ROR: %q", lines)
	}
}
