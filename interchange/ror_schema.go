package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"passerelle"
)

// RORRecord is one organization from a Research Organization Registry
// schema v2 dump, reduced to what an importer needs.
type RORRecord struct {
	ID            string    // full ROR id, e.g. "https://ror.org/02feahw73"
	Names         []RORName // every name, in file order
	Types         []string  // education, facility, funder, government, healthcare, nonprofit, company, archive, other
	Status        string    // active, inactive, withdrawn
	Established   int       // 0 if unknown
	Websites      []string  // links of type "website"
	Wikipedia     string    // first link of type "wikipedia"
	Country       string    // ISO 3166-1 alpha-2 code of the first location
	City          string    // geonames name of the first location
	Lat, Lng      *float64  // coordinates of the first location, nil if unknown
	ExternalIDs   map[string][]string
	Relationships []RORRelationship
}

// RORName is one entry of a record's "names" array.
type RORName struct {
	Value string
	Lang  string   // ISO 639-1 code, "" if none
	Types []string // ror_display, label, acronym, alias
}

// RORRelationship links a record to another ROR organization.
type RORRelationship struct {
	Type  string // parent, child, related, predecessor, successor
	ID    string
	Label string
}

// DisplayName returns the ror_display name, else the first label, else the
// first name.
func (r RORRecord) DisplayName() string {
	for _, n := range r.Names {
		if n.has("ror_display") {
			return n.Value
		}
	}
	for _, n := range r.Names {
		if n.has("label") {
			return n.Value
		}
	}
	if len(r.Names) > 0 {
		return r.Names[0].Value
	}
	return ""
}

// Acronyms returns the values of the names typed "acronym".
func (r RORRecord) Acronyms() []string { return r.namesOfType("acronym") }

// Aliases returns the values of the names typed "alias".
func (r RORRecord) Aliases() []string { return r.namesOfType("alias") }

// Labels returns the names typed "label", keeping their languages.
func (r RORRecord) Labels() []RORName {
	var out []RORName
	for _, n := range r.Names {
		if n.has("label") {
			out = append(out, n)
		}
	}
	return out
}

func (r RORRecord) namesOfType(t string) []string {
	var out []string
	for _, n := range r.Names {
		if n.has(t) {
			out = append(out, n.Value)
		}
	}
	return out
}

func (n RORName) has(t string) bool {
	for _, x := range n.Types {
		if x == t {
			return true
		}
	}
	return false
}

// ErrRORSchemaV1 is wrapped by the error returned for schema v1 records.
var ErrRORSchemaV1 = errors.New("ROR schema v1 record is not supported; schema v2 is expected")

// ErrRORMissing is wrapped when a required field is absent or empty.
var ErrRORMissing = errors.New("missing")

// Raw decoding types: only the fields we use, so encoding/json skips the rest.
type rorRaw struct {
	ID            string        `json:"id"`
	Names         []rorRawName  `json:"names"`
	Types         []string      `json:"types"`
	Status        string        `json:"status"`
	Established   int           `json:"established"`
	Links         []rorRawLink  `json:"links"`
	Locations     []rorRawLoc   `json:"locations"`
	ExternalIDs   []rorRawExtID `json:"external_ids"`
	Relationships []rorRawRel   `json:"relationships"`
	Admin         rorPresent    `json:"admin"`
	V1Name        rorPresent    `json:"name"`
	V1Addresses   rorPresent    `json:"addresses"`
	V1Country     rorPresent    `json:"country"`
}

type rorRawName struct {
	Value string   `json:"value"`
	Lang  string   `json:"lang"`
	Types []string `json:"types"`
}

type rorRawLink struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type rorRawLoc struct {
	Details struct {
		CountryCode string   `json:"country_code"`
		Name        string   `json:"name"`
		Lat         *float64 `json:"lat"`
		Lng         *float64 `json:"lng"`
	} `json:"geonames_details"`
}

type rorRawExtID struct {
	Type      string   `json:"type"`
	All       []string `json:"all"`
	Preferred string   `json:"preferred"`
}

type rorRawRel struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Label string `json:"label"`
}

// rorPresent records that a key exists, without decoding its value; used to
// recognise schema v1 records.
type rorPresent bool

func (p *rorPresent) UnmarshalJSON([]byte) error { *p = true; return nil }

// decodeRORRecord parses and validates one record. On failure it returns the
// field path to blame.
func decodeRORRecord(data []byte) (RORRecord, string, error) {
	var raw rorRaw
	if rorFast(data, &raw) {
		return raw.convert()
	}
	raw = rorRaw{}
	err := json.Unmarshal(data, &raw)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return RORRecord{}, rorKeyAt(data, int(syn.Offset)), err
	}
	// Type errors do not stop Unmarshal, so the presence markers are set
	// even for v1 records whose external_ids is an object.
	if raw.Names == nil && !raw.Admin && (raw.V1Name || raw.V1Addresses || raw.V1Country) {
		return RORRecord{}, "", ErrRORSchemaV1
	}
	if err != nil {
		if field, msg := rorDiagnose(data); msg != "" {
			return RORRecord{}, field, errors.New(msg)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return RORRecord{}, te.Field, fmt.Errorf("unexpected %s", te.Value)
		}
		return RORRecord{}, "", err
	}
	return raw.convert()
}

func (raw *rorRaw) convert() (RORRecord, string, error) {
	if raw.ID == "" {
		return RORRecord{}, "id", ErrRORMissing
	}
	if !validRORID(raw.ID) {
		return RORRecord{}, "id", fmt.Errorf("%q is not a ROR id (https://ror.org/ followed by 9 characters)", raw.ID)
	}
	if len(raw.Names) == 0 {
		return RORRecord{}, "names", ErrRORMissing
	}
	rec := RORRecord{
		ID:          raw.ID,
		Names:       make([]RORName, len(raw.Names)),
		Types:       raw.Types,
		Status:      raw.Status,
		Established: raw.Established,
	}
	for i, n := range raw.Names {
		if strings.TrimSpace(n.Value) == "" {
			return RORRecord{}, "names[" + strconv.Itoa(i) + "].value", ErrRORMissing
		}
		rec.Names[i] = RORName(n)
	}
	for _, l := range raw.Links {
		switch l.Type {
		case "website":
			if l.Value != "" {
				rec.Websites = append(rec.Websites, l.Value)
			}
		case "wikipedia":
			if rec.Wikipedia == "" {
				rec.Wikipedia = l.Value
			}
		}
	}
	for i := range raw.Locations {
		d := &raw.Locations[i].Details
		path := "locations[" + strconv.Itoa(i) + "].geonames_details."
		if d.CountryCode != "" && !isAlpha2(d.CountryCode) {
			return RORRecord{}, path + "country_code", fmt.Errorf("%q is not a 2-letter country code", d.CountryCode)
		}
		if d.Lat != nil && (*d.Lat < -90 || *d.Lat > 90) {
			return RORRecord{}, path + "lat", fmt.Errorf("%v out of range [-90, 90]", *d.Lat)
		}
		if d.Lng != nil && (*d.Lng < -180 || *d.Lng > 180) {
			return RORRecord{}, path + "lng", fmt.Errorf("%v out of range [-180, 180]", *d.Lng)
		}
		if i == 0 {
			rec.Country = strings.ToUpper(d.CountryCode)
			rec.City = d.Name
			rec.Lat, rec.Lng = d.Lat, d.Lng
		}
	}
	for _, e := range raw.ExternalIDs {
		if e.Type == "" {
			continue
		}
		vals := make([]string, 0, len(e.All)+1)
		if e.Preferred != "" {
			vals = append(vals, e.Preferred)
		}
		for _, v := range e.All {
			if v != "" && v != e.Preferred {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			continue
		}
		if rec.ExternalIDs == nil {
			rec.ExternalIDs = make(map[string][]string, len(raw.ExternalIDs))
		}
		t := strings.ToLower(e.Type)
		rec.ExternalIDs[t] = append(rec.ExternalIDs[t], vals...)
	}
	if len(raw.Relationships) > 0 {
		rec.Relationships = make([]RORRelationship, len(raw.Relationships))
		for i, rel := range raw.Relationships {
			rec.Relationships[i] = RORRelationship{Type: strings.ToLower(rel.Type), ID: rel.ID, Label: rel.Label}
		}
	}
	return rec, "", nil
}

func validRORID(id string) bool {
	const prefix = "https://ror.org/"
	if len(id) != len(prefix)+9 || id[:len(prefix)] != prefix {
		return false
	}
	for _, c := range []byte(id[len(prefix):]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

func isAlpha2(s string) bool {
	return len(s) == 2 && isASCIILetter(s[0]) && isASCIILetter(s[1])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// rorKeyAt returns the top-level key whose value contains byte offset off,
// so a syntax error can be attributed to a field.
func rorKeyAt(data []byte, off int) string {
	key := ""
	depth := 0
	for i := 0; i < len(data) && i < off; i++ {
		switch c := data[i]; c {
		case '"':
			start := i + 1
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			if depth != 1 || i >= off {
				continue
			}
			j := i + 1
			for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\r' || data[j] == '\n') {
				j++
			}
			if j < len(data) && data[j] == ':' {
				if k, err := strconv.Unquote(string(data[start-1 : i+1])); err == nil {
					key = k
				} else {
					key = string(data[start:i])
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				key = "" // past the record: the error is not in a field
			}
		}
	}
	return key
}

// rorDiagnose re-reads a record whose types did not match and returns the
// path of the first mismatch with indices, e.g. "locations[0].geonames_details.lat".
// It is only called on failure, so its cost does not matter.
func rorDiagnose(data []byte) (string, string) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return "", ""
	}
	return rorCheck(v, "", rorRecordSchema)
}

type rorField struct {
	key    string
	schema *rorSchema
}

// rorSchema describes the expected JSON shape; nil schema means any value.
type rorSchema struct {
	kind   string // object, array, string, number, integer
	fields []rorField
	elem   *rorSchema
}

var (
	rorString  = &rorSchema{kind: "string"}
	rorNumber  = &rorSchema{kind: "number"}
	rorInteger = &rorSchema{kind: "integer"}
	rorStrings = rorArray(rorString)

	rorRecordSchema = rorObject(
		"id", rorString,
		"names", rorArray(rorObject("value", rorString, "lang", rorString, "types", rorStrings)),
		"types", rorStrings,
		"status", rorString,
		"established", rorInteger,
		"links", rorArray(rorObject("type", rorString, "value", rorString)),
		"locations", rorArray(rorObject("geonames_details", rorObject(
			"country_code", rorString, "name", rorString, "lat", rorNumber, "lng", rorNumber))),
		"external_ids", rorArray(rorObject("type", rorString, "all", rorStrings, "preferred", rorString)),
		"relationships", rorArray(rorObject("type", rorString, "id", rorString, "label", rorString)),
	)
)

func rorArray(elem *rorSchema) *rorSchema { return &rorSchema{kind: "array", elem: elem} }

// rorObject takes alternating key, *rorSchema arguments; order is the
// order in which fields are checked, so diagnostics are deterministic.
func rorObject(kv ...any) *rorSchema {
	s := &rorSchema{kind: "object"}
	for i := 0; i+1 < len(kv); i += 2 {
		s.fields = append(s.fields, rorField{kv[i].(string), kv[i+1].(*rorSchema)})
	}
	return s
}

func rorCheck(v any, path string, s *rorSchema) (string, string) {
	if v == nil || s == nil {
		return "", "" // null is accepted everywhere, like encoding/json does
	}
	switch s.kind {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return path, "expected an object"
		}
		for _, f := range s.fields {
			k, fs := f.key, f.schema
			fv, ok := rorLookup(m, k)
			if !ok {
				continue
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			if f, msg := rorCheck(fv, p, fs); msg != "" {
				return f, msg
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return path, "expected an array"
		}
		for i, e := range a {
			if f, msg := rorCheck(e, path+"["+strconv.Itoa(i)+"]", s.elem); msg != "" {
				return f, msg
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return path, "expected a string"
		}
	case "number", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return path, "expected a number"
		}
		if s.kind == "integer" {
			if _, err := strconv.Atoi(string(n)); err != nil {
				return path, "expected an integer"
			}
		} else if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return path, "number out of range"
		}
	}
	return "", ""
}

// rorLookup finds key k the way encoding/json matches fields: exact first,
// then case-insensitively.
func rorLookup(m map[string]any, k string) (any, bool) {
	if v, ok := m[k]; ok {
		return v, true
	}
	for mk, v := range m {
		if strings.EqualFold(mk, k) {
			return v, true
		}
	}
	return nil, false
}

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
