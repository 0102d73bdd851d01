package web

import (
	"bufio"
	"errors"
	"net/http"

	"passerelle"
	"passerelle/interchange"
)

// errClientGone stops an export whose client went away.
var errClientGone = errors.New("client gone")

// directoryExport downloads the organisations or the contact book, what the reader may
// see of it, as CSV or JSON (issue 20: exports were on the command line only). The
// first page is read before any header, so that an error is still a proper page.
func (s *Server) directoryExport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "json" {
		return passerelle.FieldError("format", "use csv or json")
	}
	people := r.URL.Path == "/people/export"
	const page = 1000
	var write func([]*passerelle.Organization, []*passerelle.Person) error
	var closeFn func() error
	started := false
	bw := bufio.NewWriterSize(w, 64<<10)
	start := func() error {
		ctype := "text/csv; charset=utf-8"
		if format == "json" {
			ctype = "application/json; charset=utf-8"
		}
		name := "organizations"
		if people {
			name = "people"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+s.db.Now().Format("2006-01-02")+"."+format+`"`)
		w.Header().Set("Cache-Control", "no-store")
		started = true
		if people {
			pw, err := interchange.NewPersonWriter(bw, format)
			if err != nil {
				return err
			}
			// An erased person is named in the reader's language, as the pages name them.
			l := newLocalizer(s.langOf(r))
			write = func(_ []*passerelle.Organization, ps []*passerelle.Person) error {
				for _, p := range ps {
					if p.FirstName == "" {
						p.LastName = l.Person(p.LastName)
					}
				}
				return pw.Write(ps)
			}
			closeFn = pw.Close
			return nil
		}
		ow, err := interchange.NewOrganizationWriter(bw, format)
		if err != nil {
			return err
		}
		write = func(os []*passerelle.Organization, _ []*passerelle.Person) error { return ow.Write(os) }
		closeFn = ow.Close
		return nil
	}
	// Each batch as the store walks it by keyset: a record created or deleted meanwhile
	// moves no other across a page (by offset, one was written twice or skipped).
	batch := func(orgs []*passerelle.Organization, ps []*passerelle.Person) error {
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		if err := write(orgs, ps); err != nil {
			return errClientGone
		}
		return nil
	}
	var err error
	if people {
		err = s.people.EachPerson(r.Context(), page, func(ps []*passerelle.Person) error { return batch(nil, ps) })
	} else {
		err = s.orgs.EachOrganization(r.Context(), page, func(os []*passerelle.Organization) error { return batch(os, nil) })
	}
	if err != nil {
		if !started {
			return err
		}
		if err != errClientGone {
			s.log.Error("directory export stopped", "err", err)
		}
		return nil // the headers are gone: the download is cut short
	}
	if !started {
		if err := start(); err != nil {
			return err
		}
	}
	if err := closeFn(); err != nil {
		return nil
	}
	return bw.Flush()
}
