package interchange_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
)

// rawWorkbook builds a workbook of one sheet named name whose sheetData is rows, as
// written: the XML a hostile file would hold, not what a spreadsheet writes.
func rawWorkbook(t testing.TB, name, rows string) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + name + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xlsxRows writes rows 2..n+1 under the header cells, each from cells(i).
func xlsxRows(header string, n int, cells func(i int) string) string {
	var b strings.Builder
	b.WriteString(`<row r="1">` + header + `</row>`)
	for i := 2; i <= n+1; i++ {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, i, cells(i))
	}
	return b.String()
}

func inline(ref, v string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
}

// TestXLSXRowsBounded: a workbook is refused, quickly and in little memory, when its
// rows would hold more than a list does. The spreadsheet library pads a row with an
// empty cell for each column before its last: 5,000 rows of a name and a value in
// column XFD (80 KB of file) used to take 1.7 GB of memory and 5.7 GB of allocations
// to read, and the 200,000 rows an organisations file may have would have stopped the
// server. A sheet whose last row is the 1,048,576th, and a truncated workbook, are
// errors too; a formula's cell reads as its value.
func TestXLSXRowsBounded(t *testing.T) {
	wide := func(i int) string {
		return inline(fmt.Sprintf("A%d", i), fmt.Sprintf("Org %d", i)) + fmt.Sprintf(`<c r="XFD%d"><v>1</v></c>`, i)
	}
	// 10,000 rows of 1,024 columns: within the width, past the cells.
	many := func(i int) string {
		return inline(fmt.Sprintf("A%d", i), fmt.Sprintf("Org %d", i)) + fmt.Sprintf(`<c r="AMJ%d"><v>1</v></c>`, i)
	}
	last := `<row r="1">` + inline("A1", "name") + `</row><row r="1048576">` + inline("A1048576", "Far Away Org") + `</row>`
	good := rawWorkbook(t, "Sheet1", xlsxRows(inline("A1", "name"), 1, func(i int) string {
		return `<c r="A2" t="str"><f>HYPERLINK("https://evil.example","Click")</f><v>Formula Org</v></c>`
	}))
	for _, tc := range []struct {
		name, sheet string
		data        []byte
		want        string
	}{
		{"organisations, column XFD", "Sheet1", rawWorkbook(t, "Sheet1", xlsxRows(inline("A1", "name"), 5000, wide)), "row 2: a cell in column XFD, past column AMJ"},
		{"agreements, column XFD", "agreements", rawWorkbook(t, "agreements", xlsxRows(inline("A1", "title"), 5000, wide)), "row 2: a cell in column XFD, past column AMJ"},
		{"organisations, 10 million cells", "Sheet1", rawWorkbook(t, "Sheet1", xlsxRows(inline("A1", "name"), 10000, many)), "more than 10000000 cells by row 9767"},
		{"organisations, row 1,048,576", "Sheet1", rawWorkbook(t, "Sheet1", last), "more than 200000 rows"},
		{"truncated", "Sheet1", good[:len(good)/2], "not an XLSX file"},
		{"a ZIP header and nothing", "Sheet1", []byte("PK\x03\x04garbage"), "not an XLSX file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			var err error
			if tc.sheet == "agreements" {
				_, err = interchange.ReadAgreementXLSX(bytes.NewReader(tc.data))
			} else {
				path := filepath.Join(t.TempDir(), "list.xlsx")
				if err := os.WriteFile(path, tc.data, 0o600); err != nil {
					t.Fatal(err)
				}
				_, err = interchange.ReadOrgFile(path, "", nil)
			}
			runtime.ReadMemStats(&m1)
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want EINVALID with %q", err, tc.want)
			}
			if alloc := (m1.TotalAlloc - m0.TotalAlloc) >> 20; alloc > 1024 {
				t.Errorf("%d MB allocated to refuse a %d-byte file", alloc, len(tc.data))
			}
		})
	}
	path := filepath.Join(t.TempDir(), "good.xlsx")
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := interchange.ReadOrgFile(path, "", nil)
	if err != nil || len(f.Rows) != 1 || f.Rows[0].Organization.Name != "Formula Org" {
		t.Fatalf("a formula's cell: %+v %v", f, err)
	}
}
