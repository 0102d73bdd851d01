// Package locales holds the interface's message catalogues, one JSON file per language,
// embedded. The web renders every page with them; the store reads the few labels it
// folds into search text (an agreement's type in both languages), so that each label is
// written once, here, and not again as a Go map.
package locales

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed *.json
var files embed.FS

// Languages are the interface languages, the first being the default.
var Languages = []string{"en", "fr"}

var catalogues = load()

func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range Languages {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", l, err))
		}
		out[l] = m
	}
	return out
}

// Catalogue returns the messages of a language by key (nil for another language).
// Callers read it and never change it.
func Catalogue(lang string) map[string]string { return catalogues[lang] }

// Text returns the message of key in lang, or the key itself if the catalogue lacks it
// (the web's catalogue tests keep that from happening).
func Text(lang, key string) string {
	if m, ok := catalogues[lang][key]; ok {
		return m
	}
	return key
}
