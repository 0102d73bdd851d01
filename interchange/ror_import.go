package interchange

import (
	"errors"
	"io"
	"iter"

	"passerelle"
)

// rorKinds maps ROR organisation types to passerelle kinds, most specific first.
var rorKinds = []struct {
	ror  string
	kind passerelle.OrgKind
}{
	{"education", passerelle.KindUniversity},
	{"healthcare", passerelle.KindHospital},
	{"facility", passerelle.KindResearchInstitute},
	{"company", passerelle.KindCompany},
	{"government", passerelle.KindGovernment},
	{"nonprofit", passerelle.KindOther},
	{"funder", passerelle.KindOther},
	{"archive", passerelle.KindOther},
}

var rorLinkKinds = map[string]passerelle.LinkKind{
	"parent": passerelle.LinkParent, "child": passerelle.LinkChild, "related": passerelle.LinkRelated,
	"predecessor": passerelle.LinkPredecessor, "successor": passerelle.LinkSuccessor,
}

// RORToItem turns a ROR record into an organisation and its links by ROR id.
func RORToItem(r RORRecord, line int) *passerelle.OrgImportItem {
	o := &passerelle.Organization{
		Name: r.DisplayName(), RORID: r.ID, Acronyms: r.Acronyms(), Aliases: r.Aliases(),
		Country: r.Country, City: r.City, Lat: r.Lat, Lng: r.Lng, Established: r.Established,
		Kind: passerelle.KindOther, Visibility: passerelle.VisibilityShared,
	}
	for _, k := range rorKinds {
		if contains(r.Types, k.ror) {
			o.Kind = k.kind
			break
		}
	}
	for _, n := range r.Labels() {
		if n.Value != o.Name {
			o.Names = append(o.Names, passerelle.LocalizedName{Lang: n.Lang, Value: n.Value})
		}
	}
	if len(r.Websites) > 0 {
		o.Website = r.Websites[0]
	}
	item := &passerelle.OrgImportItem{Line: line, Organization: o}
	for _, rel := range r.Relationships {
		if k, ok := rorLinkKinds[rel.Type]; ok && rel.ID != "" {
			item.Links = append(item.Links, &passerelle.OrgLink{Kind: k, ToRef: passerelle.NormalizeROR(rel.ID), ToLabel: rel.Label})
		}
	}
	return item
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// RORItems reads a ROR dump as import items. A bad record yields an item that carries
// only its line, with an error naming the field; the reading goes on after a bad line,
// and ends after an error the reader cannot resume from.
func RORItems(rd io.Reader) iter.Seq2[*passerelle.OrgImportItem, error] {
	return func(yield func(*passerelle.OrgImportItem, error) bool) {
		r := NewRORReader(rd)
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var le *LineError
				if errors.As(err, &le) {
					field := le.Field
					if field == "" {
						field = "record"
					}
					if !yield(&passerelle.OrgImportItem{Line: le.Line}, passerelle.FieldError(field, "%v", le.Err)) {
						return
					}
					if errors.Is(err, ErrRORSchemaV1) {
						return // a v1 file: every record would say the same
					}
					if r.err != nil {
						// A fatal error (the array's syntax is broken, the input ends
						// inside a record) is sticky: asking for the next record would
						// return it forever.
						return
					}
					continue
				}
				yield(&passerelle.OrgImportItem{Line: r.Line()}, err)
				return
			}
			if !yield(RORToItem(rec, r.Line()), nil) {
				return
			}
		}
	}
}
