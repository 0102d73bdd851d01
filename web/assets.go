package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assetSet serves the embedded assets at names that carry a checksum of their content
// (app.3f2a9c1b.css), so that they can be cached for a year and still change at once.
type assetSet struct {
	byURL  map[string]asset // "app.3f2a9c1b.css" -> asset
	byName map[string]string
}

type asset struct {
	body  []byte
	ctype string
}

func loadAssets() (*assetSet, error) {
	as := &assetSet{byURL: map[string]asset{}, byName: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		if strings.HasSuffix(name, ".md") || strings.Contains(name, "/") {
			return nil
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as.byURL[hashed] = asset{body: b, ctype: ct}
		as.byName[name] = "/static/" + hashed
		return nil
	})
	return as, err
}

// url returns the checksum URL of an asset; templates call it as {{asset "app.css"}}.
func (as *assetSet) url(name string) (string, error) {
	u, ok := as.byName[name]
	if !ok {
		return "", fmt.Errorf("no asset %q", name)
	}
	return u, nil
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.assets.byURL[r.PathValue("file")]
	if !ok {
		return errNotFound
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(a.body)
	return err
}
