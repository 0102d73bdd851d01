package web

import (
	"archive/zip"
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"passerelle"
	"passerelle/interchange"
)

// agreementExport downloads the agreements that match the list's filters, in the
// interchange formats (docs/agreements.md): one XLSX workbook, JSON, or for CSV a ZIP
// of one file per sheet. It streams: the store walks the register by keyset.
func (s *Server) agreementExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := agreementFilter(q)
	format := q.Get("format")
	name := "agreements-" + s.db.Now().Format("2006-01-02")
	svc := s.agreementStore()
	// A partner kept private from this reader is written as such, by a label an import
	// recognises (it never creates an organisation by that name); an erased contact is
	// named in the reader's language, as the pages name them.
	l := newLocalizer(s.langOf(r))
	label := l.T("agr.partner_private")
	each := func(fn func([]*passerelle.Agreement) error) error {
		return svc.EachAgreement(r.Context(), f, 500, func(list []*passerelle.Agreement) error {
			for _, a := range list {
				for i := range a.Partners {
					if a.Partners[i].Private {
						a.Partners[i].Name = label
					}
				}
				for i, c := range a.Contacts {
					if c.FirstName == "" {
						a.Contacts[i].LastName = l.Person(c.LastName)
					}
				}
			}
			return fn(list)
		})
	}
	switch format {
	case "xlsx", "json":
		ctype := "application/json; charset=utf-8"
		if format == "xlsx" {
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		// Read the first batch before any header: an error is still a proper page.
		var pending []*passerelle.Agreement
		started := false
		var aw *interchange.AgreementWriter
		var bw *bufio.Writer
		start := func() error {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
			w.Header().Set("Cache-Control", "no-store")
			bw = bufio.NewWriterSize(w, 64<<10)
			var err error
			aw, err = interchange.NewAgreementWriter(bw, format, "")
			started = true
			return err
		}
		err := each(func(list []*passerelle.Agreement) error {
			if !started {
				pending = list
				if err := start(); err != nil {
					return err
				}
				return aw.Write(pending)
			}
			return aw.Write(list)
		})
		if err != nil {
			if !started {
				return err
			}
			s.log.Error("agreement export", "err", err)
			return nil
		}
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		if err := aw.Close(); err != nil {
			s.log.Error("agreement export", "err", err)
			return nil
		}
		return bw.Flush()
	case "csv":
		dir, err := os.MkdirTemp("", "passerelle-export")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		aw, err := interchange.NewAgreementWriter(io.Discard, "csv", dir)
		if err != nil {
			return err
		}
		if err := each(aw.Write); err != nil {
			aw.Close()
			return err
		}
		if err := aw.Close(); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`-csv.zip"`)
		w.Header().Set("Cache-Control", "no-store")
		zw := zip.NewWriter(w)
		for _, sheet := range interchange.AgreementSheets {
			if err := addToZip(zw, filepath.Join(dir, sheet+".csv"), sheet+".csv"); err != nil {
				s.log.Error("agreement export", "err", err)
				return nil
			}
		}
		return zw.Close()
	}
	return passerelle.FieldError("format", "use csv, xlsx or json")
}

func addToZip(zw *zip.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zf, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(zf, f)
	return err
}
