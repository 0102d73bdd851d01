package interchange_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestRORItemsEndOnTruncatedArray: a truncated JSON array is a fatal error of the
// reader, which it repeats forever; the items must end after reporting it once.
func TestRORItemsEndOnTruncatedArray(t *testing.T) {
	for _, in := range []string{`[`, `[{}`, `[{"id":`, `[{"id":"https://ror.org/02feahw73","names":[{"value":"A","types":["ror_display"]}]} x`} {
		n, errs := 0, 0
		for _, err := range interchange.RORItems(strings.NewReader(in)) {
			n++
			if err != nil {
				errs++
			}
			if n > 100 {
				t.Fatalf("%q: the items never end", in)
			}
		}
		if errs == 0 || n > 2 {
			t.Errorf("%q: %d items, %d errors; want the error of the truncation, once", in, n, errs)
		}
	}
	// The import itself ends, with the error.
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := newWorkspace(t, ctx, db, "ror")
	for _, skip := range []bool{false, true} {
		res, err := store.NewOrganizationService(db).ImportOrganizations(sys, interchange.RORItems(strings.NewReader(`[{"id":`)), skip)
		if res == nil || res.ProblemCount() != 1 || skip == (err != nil) {
			t.Errorf("skip %v: %+v %v", skip, res, err)
		}
	}
}

// TestImportProblemsCapped: 300,000 bad rows list the first 1,000 problems and count
// the rest; with --skip-invalid a ROR import does the same.
func TestImportProblemsCapped(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := newWorkspace(t, ctx, db, "caps")
	var b strings.Builder
	b.WriteString("key,title,signed_year\n")
	for i := range 300000 {
		fmt.Fprintf(&b, "%d,T%d,year%d\n", i, i, i)
	}
	tb, err := interchange.ReadAgreementCSV("agreements", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := store.NewAgreementService(db).ImportAgreements(sys, interchange.AgreementItems(map[string]*interchange.Table{"agreements": tb}), false)
	if err == nil || len(res.Problems) != passerelle.MaxImportProblems || res.MoreProblems != 300000-passerelle.MaxImportProblems {
		t.Fatalf("listed %d, more %d, %v", len(res.Problems), res.MoreProblems, err)
	}
	if msg := err.Error(); len(msg) > 4000 || !strings.Contains(msg, "300000 bad record(s)") || !strings.Contains(msg, "... and 299980 more") {
		t.Errorf("error of %d bytes: %.300s", len(msg), msg)
	}

	b.Reset()
	for i := range 1500 {
		fmt.Fprintf(&b, "{\"id\": \"https://ror.org/0bad%d\"}\n", i)
	}
	ores, err := store.NewOrganizationService(db).ImportOrganizations(sys, interchange.RORItems(strings.NewReader(b.String())), true)
	if err != nil || len(ores.Problems) != passerelle.MaxImportProblems || ores.MoreProblems != 500 || ores.Skipped != 1500 {
		t.Errorf("ROR --skip-invalid: %v listed %d more %d skipped %d", err, len(ores.Problems), ores.MoreProblems, ores.Skipped)
	}
}

// rawZip builds a ZIP from parts given as they are stored: name, stored bytes, and the
// uncompressed size the directory declares.
type rawPart struct {
	name     string
	data     []byte
	declared uint64
	deflate  bool
}

func rawZip(t testing.TB, parts []rawPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if !p.deflate {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(p.data)
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CompressedSize64: uint64(len(p.data)), UncompressedSize64: p.declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbookParts returns the parts of a small agreements workbook, by name.
func workbookParts(t *testing.T) (names []string, parts map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	aw, _ := interchange.NewAgreementWriter(&buf, "xlsx", "")
	if err := aw.Write([]*passerelle.Agreement{{Title: "TITLE-HERE"}}); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts = map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		names = append(names, f.Name)
		parts[f.Name] = b
	}
	return names, parts
}

// TestXLSXLimits: hostile workbooks are refused before they are unpacked.
func TestXLSXLimits(t *testing.T) {
	names, parts := workbookParts(t)
	rebuild := func(sheet func([]byte) []byte, extra ...rawPart) []byte {
		var ps []rawPart
		for _, n := range names {
			d := parts[n]
			if n == "xl/worksheets/sheet1.xml" && sheet != nil {
				d = sheet(d)
			}
			ps = append(ps, rawPart{name: n, data: d})
		}
		return rawZip(t, append(ps, extra...))
	}
	if _, err := interchange.ReadAgreementXLSX(bytes.NewReader(rebuild(nil))); err != nil {
		t.Fatalf("the rebuilt workbook does not read: %v", err)
	}
	long := func(n int) func([]byte) []byte {
		return func(b []byte) []byte {
			letters := make([]byte, n)
			for i := range letters {
				letters[i] = byte('a' + rand.IntN(26)) // incompressible enough to pass the ratio check
			}
			return bytes.Replace(b, []byte("TITLE-HERE"), letters, 1)
		}
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		// 300 MB declared in 1 KB of stored bytes that are not even valid deflate: an
		// error about the ratio shows that nothing was decompressed.
		{"ratio", rebuild(nil, rawPart{name: "xl/worksheets/sheet9.xml", data: bytes.Repeat([]byte{0xff}, 1024), declared: 300 << 20, deflate: true}), "compressed more than 200 times"},
		{"total", rebuild(nil, rawPart{name: "xl/media/a.bin", data: bytes.Repeat([]byte{0xff}, 4<<20), declared: 600 << 20, deflate: true}), "unpacks to more than 512 MB"},
		{"huge cell", rebuild(long(2 << 20)), "holds a cell longer than 32767 characters"},
		{"long cell", rebuild(long(40000)), "sheet agreements cell C2: longer than 32767 characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := interchange.ReadAgreementXLSX(bytes.NewReader(tc.data))
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
