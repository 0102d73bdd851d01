package interchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
)

// TestAgreementsJSONFileRefused: a JSON file that is cut short, not JSON or not a list
// of agreements is refused whole, with its line and column or what it holds, instead of
// being read as one bad agreement (which --skip-invalid skipped) or as none.
func TestAgreementsJSONFileRefused(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, doc string
		want      string // part of the message; "" reads the file
		n         int    // agreements read
	}{
		{"object", `{"agreements": [{"title": "A"}, {"title": "B"}]}`, "", 2},
		{"list", "\ufeff[{\"title\": \"A\"}]", "", 1},
		{"null list", `{"agreements": null}`, "", 0},
		{"cut short", "{\"agreements\": [\n  {\"title\": \"A\"},\n  {\"title\": \"B\",\n", "unexpected end of JSON input (line 3, column 17)", 0},
		{"bad character", "[\n{\"title\": x}]", "invalid character 'x' looking for beginning of value (line 2, column 11)", 0},
		{"misspelt key", `{"agreement": [{"title": "A"}]}`, `no key "agreements" with the list of agreements; the object's keys are: "agreement"`, 0},
		{"not a list", `{"agreements": {"title": "A"}}`, "agreements: expected a JSON array, found object", 0},
		{"a string", `"agreements"`, "found string", 0},
		{"empty", " \n", "the file is empty", 0},
		{"not UTF-8", "[{\"title\": \"Coop\xe9ration\"}]", "line 1: the text is not UTF-8", 0},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".json")
		if err := os.WriteFile(path, []byte(c.doc), 0o600); err != nil {
			t.Fatal(err)
		}
		items, err := interchange.OpenAgreementFile(path, "")
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) || passerelle.ErrorCode(err) != passerelle.EINVALID {
				t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		n := 0
		for _, err := range items {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			n++
		}
		if n != c.n {
			t.Errorf("%s: %d agreements, want %d", c.name, n, c.n)
		}
	}
}
