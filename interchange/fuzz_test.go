package interchange

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The readers of outside input that had no fuzz target of their own. Each must return
// items or errors for any bytes — never panic, never loop — and an item it yields
// without error must carry a row or line to name in a message. Run by .ci/run with a
// short budget (FUZZ_BUDGET); failing inputs land in testdata/fuzz and stay there as
// regression cases.

// FuzzReadAgreementsJSON: the JSON agreements import (an object with a list, or a list).
func FuzzReadAgreementsJSON(f *testing.F) {
	f.Add([]byte(`{"agreements":[{"title":"A","type":"cooperation","signed_year":2020}]}`))
	f.Add([]byte(`[{"title":"B","partners":[{"organization_id":1}],"funding":[{"amount_cents":100,"currency":"EUR"}]}]`))
	f.Add([]byte(`[{"title":"\u0000"}]`))
	f.Add([]byte("[{\"title\":\"\xff\"}]"))
	f.Add([]byte(`{"agreements":[`))
	f.Add([]byte(`[] []`))
	f.Add([]byte(`{"agreements":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		for item, err := range ReadAgreementsJSON(bytes.NewReader(data)) {
			n++
			if err == nil && item == nil {
				t.Fatalf("item %d: neither an item nor an error", n)
			}
			if n > len(data)+1 {
				t.Fatalf("more items (%d) than bytes", n)
			}
		}
	})
}

// FuzzRORItems: the whole ROR path, reader and conversion to import items (the
// reader alone is FuzzRORReader).
func FuzzRORItems(f *testing.F) {
	f.Add([]byte(rorFull))
	f.Add([]byte(rorV1))
	f.Add([]byte("[" + rorMin("000000001", "A") + ",\n" + rorMin("000000002", "B") + "]"))
	f.Add([]byte(rorMin("000000001", "A") + "\n" + `{"id":"https://ror.org/000000002","names":[{"value":"B","types":["ror_display"]}],"relationships":[{"type":"parent","id":"https://ror.org/000000001"}]}`))
	f.Add([]byte(`{"id":"https://ror.org/000000001","names":[],"locations":[{"geonames_details":{"country_code":"ZZZ","lat":1e400}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		for item, err := range RORItems(bytes.NewReader(data)) {
			n++
			if err == nil && (item == nil || item.Line < 1) {
				t.Fatalf("item %d without error has no line: %+v", n, item)
			}
			if n > len(data)+1 {
				t.Fatalf("more items (%d) than bytes", n)
			}
		}
	})
}

// FuzzReadEvent: the partnering event file (import event). Any bytes give an event or
// an error, never a panic; an event read is valid enough to be saved or refused by the
// store with a path.
func FuzzReadEvent(f *testing.F) {
	f.Add([]byte(`{"slug":"e","name":"E","time_zone":"Asia/Tokyo","meeting_minutes":30,"tables":2,
	 "days":[{"date":"2008-10-15","start":"10:00","end":"12:00","breaks":[{"start":"11:00","end":"11:30"}]}],
	 "participants":[{"ref":"p1","name":"A","organization":{"name":"O","country":"JP"},"unavailable":[{"start":"2008-10-15T10:00","end":"2008-10-15T10:30"}]},{"ref":"p2","name":"B"}],
	 "requests":[{"from":"p1","to":"p2","status":"accepted","priority":1}]}`))
	f.Add([]byte(`{"slug":"e","tables":["A1","A2"],"days":[{"date":"2008-02-30","start":"25:00","end":"10:00"}]}`))
	f.Add([]byte(`{"participants":[{"ref":"p1","profile":{"offers":[{"type":"technology_offer","themes":["x"]}]}}]}`))
	f.Add([]byte(`{"slug":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if ev, err := ReadEvent(bytes.NewReader(data)); err == nil && ev == nil {
			t.Fatal("neither an event nor an error")
		}
	})
}

// FuzzOrgRows: an organisations file as CSV (import organizations, and the page's
// preview): rows or an error naming its line, never a panic; every row carries its line.
func FuzzOrgRows(f *testing.F) {
	f.Add([]byte("name,country,city,website,ror_id\nGenopole,FR,Évry,https://genopole.fr,\n"))
	f.Add([]byte("nom;pays;sigle\n\"Institut \"\"Pasteur\"\"\";FR;IP\n"))
	f.Add([]byte("\xef\xbb\xbfName,Aliases\nA,\"x|y\"\n\n"))
	f.Add([]byte("pays\nFR\n"))
	f.Add([]byte("name\n=HYPERLINK(\"x\")\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		table, lines, err := readOrgCSV(bytes.NewReader(data), "")
		if err != nil {
			return
		}
		file, err := orgRows(table, lines, sheetRead{}, nil, nil)
		if err != nil {
			return
		}
		for i, r := range file.Rows {
			if r.Line < 2 || r.Organization == nil {
				t.Fatalf("row %d has no line or record: %+v", i, r)
			}
		}
	})
}

// FuzzParticipations: a participations file (import participations), CORDIS-shaped or
// with a column map: rows or an error, never a panic; every row names its line.
func FuzzParticipations(f *testing.F) {
	f.Add([]byte("\xef\xbb\xbfprojectID;projectAcronym;organisationID;name;country;role;ecContribution\n101;ACR;999;Technische Universität München;DE;coordinator;1234,50\n"))
	f.Add([]byte("Projektnummer;Einrichtung;Rolle;Zuwendung EUR;Beginn\n1;TUM;COORDINATOR;1.000,5;01.02.2020 00:00\n"))
	f.Add([]byte("projectID,name\n\"1\",\"A \"\"quoted\"\" name\"\n"))
	f.Add([]byte("projectID;name;ecContribution\n1;X;-5\n2;Y;1e400\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "organization.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		pf, err := ReadParticipationsFile(path, ParticipationOptions{Set: map[string]string{"country": "DE"}})
		if err != nil {
			return
		}
		for i, r := range pf.Rows {
			if r.Line < 2 {
				t.Fatalf("row %d has no line: %+v", i, r)
			}
		}
	})
}
