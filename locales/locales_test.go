package locales

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestNoKeyTwice: a key written twice in a catalogue (as two branches that both add it
// leave it after a merge) is read with its last value only, so the first one, which a
// reader of the file takes for the text, is silently not the one shown.
func TestNoKeyTwice(t *testing.T) {
	for _, l := range Languages {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if _, err := dec.Token(); err != nil { // {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var v string
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s.json: %q: %v", l, k, err)
			}
			if seen[k.(string)] {
				t.Errorf("%s.json: %q twice", l, k)
			}
			seen[k.(string)] = true
		}
	}
}
