package match

import "testing"

func TestReadsAs(t *testing.T) {
	for _, c := range []struct {
		han, latin string
		want       bool
	}{
		{"花巻", "hanamaki", true},      // a verb's stem: maku, maki
		{"白浜", "shirahama", true},     // shiro, shira
		{"上林", "kamibayashi", true},   // hayashi voiced
		{"和光堂", "wakodo", true},       // kou, dou written short
		{"日穀製粉", "nikkoku", true},     // two of four characters; nichi before koku
		{"佐世保", "sasebo", true},       // ho voiced
		{"张江实验室", "zhangjiang", true}, // Mandarin
		{"伊勢", "ise", true},
		{"花巻", "tokyo", false},
		{"花巻", "hanako", false},
		{"花", "hana", false},       // one character says too little
		{"伊勢", "is", false},        // two letters say too little
		{"花巻", "hanamaki1", false}, // not a reading
		{"abc", "hanamaki", false},
	} {
		if got := readsAs(c.han, c.latin); got != c.want {
			t.Errorf("readsAs(%q, %q) = %v", c.han, c.latin, got)
		}
	}
}

// TestMatchReadings: a label in Chinese characters finds the record whose name
// spells them, among records sharing its other words, and only that one.
func TestMatchReadings(t *testing.T) {
	ix := NewIndex()
	names := []string{"Hanamaki", "Hanazono", "Makita", "Kitakami", "Morioka", "Ichinoseki", "Tono", "Kamaishi"}
	for i, n := range names {
		ix.Add(&Record{ID: int64(i + 1), Name: n + " General Hospital", Country: "JP", City: n})
	}
	ix.Add(&Record{ID: 20, Name: "Zhangjiang Laboratory", Country: "CN", City: "Shanghai"})
	ix.Add(&Record{ID: 21, Name: "Lingang Laboratory", Country: "CN", City: "Shanghai"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "総合花巻病院", Country: "JP", City: "Hanamaki"}, Same, 1},
		{Query{Name: "张江实验室", Country: "CN", City: "Shanghai"}, Same, 20},
		{Query{Name: "総合盛岡病院", Country: "JP", City: "Morioka"}, Same, 5},
		{Query{Name: "総合盛岡病院", Country: "JP", City: "Hanamaki"}, Ambiguous, 0}, // Morioka's name, Hanamaki's city
		{Query{Name: "総合大船渡病院", Country: "JP", City: "Ofunato"}, New, 0},       // a hospital the index does not hold
	})
}
