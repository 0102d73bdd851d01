package interchange

import (
	"bytes"
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
