package interchange

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"passerelle"
)

// OrganizationColumns are the columns of the organisations CSV, in order.
var OrganizationColumns = []string{"id", "name", "kind", "acronyms", "aliases", "ror_id", "siren", "siret", "vat", "pic",
	"website", "country", "city", "lat", "lng", "established", "themes", "tags", "visibility", "fictional", "description"}

// OrganizationWriter writes organisations as CSV or JSON, one page at a time, so that an
// export of the whole directory does not hold it in memory.
type OrganizationWriter struct {
	format string
	csv    *csv.Writer
	w      io.Writer
	n      int
}

// NewOrganizationWriter starts an export in format "csv" or "json".
func NewOrganizationWriter(w io.Writer, format string) (*OrganizationWriter, error) {
	ow := &OrganizationWriter{format: format, w: w}
	switch format {
	case "csv":
		ow.csv = csv.NewWriter(w)
		return ow, writeCSV(ow.csv, OrganizationColumns)
	case "json":
		_, err := io.WriteString(w, "[")
		return ow, err
	}
	return nil, passerelle.FieldError("format", "use csv or json")
}

// Write adds organisations.
func (ow *OrganizationWriter) Write(orgs []*passerelle.Organization) error {
	for _, o := range orgs {
		if ow.format == "json" {
			sep := ",\n"
			if ow.n == 0 {
				sep = "\n"
			}
			b, err := json.Marshal(o)
			if err != nil {
				return err
			}
			if _, err := io.WriteString(ow.w, sep+string(b)); err != nil {
				return err
			}
		} else {
			f := func(p *float64) string {
				if p == nil {
					return ""
				}
				return strconv.FormatFloat(*p, 'f', -1, 64)
			}
			est := ""
			if o.Established != 0 {
				est = strconv.Itoa(o.Established)
			}
			if err := writeCSV(ow.csv, []string{strconv.FormatInt(o.ID, 10), o.Name, string(o.Kind), strings.Join(o.Acronyms, "; "),
				strings.Join(o.Aliases, "; "), o.RORID, o.SIREN, o.SIRET, o.VAT, o.PIC, o.Website, o.Country, o.City,
				f(o.Lat), f(o.Lng), est, strings.Join(o.Themes, "; "), strings.Join(o.Tags, "; "), string(o.Visibility),
				strconv.FormatBool(o.Fictional), o.Description}); err != nil {
				return err
			}
		}
		ow.n++
	}
	return nil
}

// Close ends the document.
func (ow *OrganizationWriter) Close() error {
	if ow.format == "json" {
		_, err := io.WriteString(ow.w, "\n]\n")
		return err
	}
	ow.csv.Flush()
	return ow.csv.Error()
}
