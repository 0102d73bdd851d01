package schedule

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestGenerateB2BSP: every shape's instances are valid, have their meetings, round-trip
// through the dzn format, and come out the same for a seed.
func TestGenerateB2BSP(t *testing.T) {
	dir := os.Getenv("PASSERELLE_GEN_DIR") // set: write the instances there as .dzn
	for _, sh := range B2BSPShapes {
		for _, seed := range append(slices.Clone(UnseenTuneSeeds), UnseenHeldOutSeeds...) {
			in := GenerateB2BSP(sh, seed, 2)
			if err := in.Validate(); err != nil {
				t.Fatalf("%s: %v", in.Name, err)
			}
			if len(in.Meetings) != sh.Meetings {
				t.Errorf("%s: %d meetings, want %d", in.Name, len(in.Meetings), sh.Meetings)
			}
			var b bytes.Buffer
			if err := WriteDZN(&b, in); err != nil {
				t.Fatal(err)
			}
			back, err := ReadDZN(bytes.NewReader(b.Bytes()), 2)
			if err != nil {
				t.Fatalf("%s: %v\n%s", in.Name, err, b.String())
			}
			if len(back.Meetings) != len(in.Meetings) || back.MorningSlots != in.MorningSlots {
				t.Fatalf("%s: round trip differs", in.Name)
			}
			var b2 bytes.Buffer
			WriteDZN(&b2, GenerateB2BSP(sh, seed, 2))
			if !bytes.Equal(b.Bytes(), b2.Bytes()) {
				t.Fatalf("%s: not deterministic", in.Name)
			}
			if dir != "" {
				os.WriteFile(filepath.Join(dir, in.Name+".dzn"), b.Bytes(), 0o644)
			}
		}
	}
}
