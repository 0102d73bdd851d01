package interchange

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"passerelle"
)

// PersonColumns are the columns of the contact book's CSV, in order.
var PersonColumns = []string{"id", "first_name", "last_name", "emails", "phones", "languages", "topics", "country", "visibility", "notes"}

// PersonWriter writes people as CSV (formula-like cells neutralised, as every CSV the
// product writes) or JSON, one page at a time.
type PersonWriter struct {
	format string
	csv    *csv.Writer
	w      io.Writer
	n      int
}

// NewPersonWriter starts an export in format "csv" or "json".
func NewPersonWriter(w io.Writer, format string) (*PersonWriter, error) {
	pw := &PersonWriter{format: format, w: w}
	switch format {
	case "csv":
		pw.csv = csv.NewWriter(w)
		return pw, writeCSV(pw.csv, PersonColumns)
	case "json":
		_, err := io.WriteString(w, "[")
		return pw, err
	}
	return nil, passerelle.FieldError("format", "use csv or json")
}

// Write adds people.
func (pw *PersonWriter) Write(people []*passerelle.Person) error {
	for _, p := range people {
		if pw.format == "json" {
			sep := ",\n"
			if pw.n == 0 {
				sep = "\n"
			}
			b, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if _, err := io.WriteString(pw.w, sep+string(b)); err != nil {
				return err
			}
		} else if err := writeCSV(pw.csv, []string{strconv.FormatInt(p.ID, 10), p.FirstName, p.LastName, strings.Join(p.Emails, "; "),
			strings.Join(p.Phones, "; "), strings.Join(p.Languages, "; "), strings.Join(p.Topics, "; "), p.Country,
			string(p.Visibility), p.Notes}); err != nil {
			return err
		}
		pw.n++
	}
	return nil
}

// Close ends the document.
func (pw *PersonWriter) Close() error {
	if pw.format == "json" {
		_, err := io.WriteString(pw.w, "\n]\n")
		return err
	}
	pw.csv.Flush()
	return pw.csv.Error()
}
