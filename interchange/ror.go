package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

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

// LineError reports a record that could not be read, with the line where it
// starts and the offending field path (empty for whole-record problems).
type LineError struct {
	Line  int
	Field string
	Err   error
}

func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %s: %v", e.Line, e.Field, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// ErrRORSchemaV1 is wrapped by the error returned for schema v1 records.
var ErrRORSchemaV1 = errors.New("ROR schema v1 record is not supported; schema v2 is expected")

// ErrRORMissing is wrapped when a required field is absent or empty.
var ErrRORMissing = errors.New("missing")

// rorMaxRecord bounds the memory one record may take, so that a file with no
// newlines (or an unterminated array element) cannot exhaust memory.
const rorMaxRecord = 16 << 20

var errRORTooLarge = fmt.Errorf("record larger than %d bytes", rorMaxRecord)

var errRORNotUTF8 = errors.New("the text is not UTF-8, which JSON must be")

var errRORNUL = errors.New("must not contain a NUL character")

// RORReader streams records from a ROR dump in JSON Lines or JSON array form.
type RORReader struct {
	br      *bufio.Reader
	started bool
	array   bool
	sawElem bool  // array mode: an element was read, so ',' or ']' comes next
	done    bool  // array closed: only io.EOF or trailing-data error remain
	err     error // sticky error (array structure broken, or read failure)
	line    int   // number of newlines consumed so far
	recLine int   // 1-based line where the last record started
	buf     []byte
}

// NewRORReader returns a reader that detects JSON Lines vs JSON array by the
// first non-space byte of r.
func NewRORReader(r io.Reader) *RORReader {
	// 256 KiB holds hundreds of typical records (about 1.2 KB each); longer
	// lines are assembled in buf.
	return &RORReader{br: bufio.NewReaderSize(r, 256<<10)}
}

// Line returns the 1-based line where the record (or error) returned by the
// last Next call starts.
func (r *RORReader) Line() int { return r.recLine }

// Next returns the next record, or io.EOF after the last one. Errors for one
// record are *LineError; in JSON Lines mode the following call resumes with
// the next line, in array mode it resumes unless the array syntax is broken.
func (r *RORReader) Next() (RORRecord, error) {
	if r.err != nil {
		return RORRecord{}, r.err
	}
	if !r.started {
		r.started = true
		if err := r.detect(); err != nil {
			return RORRecord{}, r.fail(err)
		}
	}
	var data []byte
	var err error
	if r.array {
		data, err = r.nextElement()
	} else {
		data, err = r.nextLine()
	}
	if err != nil {
		return RORRecord{}, err
	}
	if !utf8.Valid(data) {
		// encoding/json would store U+FFFD in place of the bad bytes, without a word.
		return RORRecord{}, &LineError{Line: r.recLine, Err: errRORNotUTF8}
	}
	if path, bad := passerelle.JSONNULPath(data); bad {
		return RORRecord{}, &LineError{Line: r.recLine, Field: path, Err: errRORNUL}
	}
	rec, field, err := decodeRORRecord(data)
	if err != nil {
		return RORRecord{}, &LineError{Line: r.recLine, Field: field, Err: err}
	}
	return rec, nil
}

// fail makes err sticky; io.EOF is kept as is so callers see a clean end.
func (r *RORReader) fail(err error) error {
	r.err = err
	return err
}

func (r *RORReader) lineErr(field string, err error) error {
	return r.fail(&LineError{Line: r.line + 1, Field: field, Err: err})
}

// detect skips leading whitespace (and a UTF-8 BOM) and picks the format.
func (r *RORReader) detect() error {
	if b, err := r.br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		r.br.Discard(3)
	}
	c, err := r.skipSpace()
	if err != nil {
		return err
	}
	if c == '[' {
		r.array = true
		r.br.Discard(1)
	}
	return nil
}

// skipSpace consumes whitespace, counting lines, and peeks the next byte.
func (r *RORReader) skipSpace() (byte, error) {
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			r.line++
		case ' ', '\t', '\r':
		default:
			r.br.UnreadByte()
			return c, nil
		}
	}
}

// nextLine returns the next non-blank line. Read errors other than io.EOF are
// sticky; an over-long line is reported and skipped.
func (r *RORReader) nextLine() ([]byte, error) {
	for {
		line, err := r.readLine()
		if err != nil && !(err == io.EOF && len(line) > 0) {
			if err == errRORTooLarge {
				r.recLine = r.line
				return nil, &LineError{Line: r.line, Err: err}
			}
			return nil, r.fail(err)
		}
		r.line++
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r.recLine = r.line
		return line, nil
	}
}

// readLine reads one line without its terminator. Lines that fit in the
// bufio buffer are returned without copying.
func (r *RORReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.buf = append(r.buf[:0], line...)
		tooLarge := false
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			if !tooLarge && len(r.buf)+len(line) > rorMaxRecord {
				tooLarge = true
				r.buf = r.buf[:0]
			}
			if !tooLarge {
				r.buf = append(r.buf, line...)
			}
		}
		if tooLarge && (err == nil || err == io.EOF) {
			r.line++
			return nil, errRORTooLarge
		}
		line = r.buf
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, err
}

// nextElement returns the bytes of the next array element. Element
// boundaries are found by matching brackets outside strings, which is cheap
// and tracks line numbers exactly (json.Decoder reads ahead, so its offsets
// cannot be mapped to lines without keeping the input); full validation is
// left to json.Unmarshal.
func (r *RORReader) nextElement() ([]byte, error) {
	if r.done {
		c, err := r.skipSpace()
		if err == io.EOF {
			return nil, r.fail(io.EOF)
		}
		if err != nil {
			return nil, r.fail(err)
		}
		r.recLine = r.line + 1
		return nil, r.lineErr("", fmt.Errorf("invalid character %q after top-level array", c))
	}
	c, err := r.skipSpace()
	if err != nil {
		return nil, r.endErr(err)
	}
	if r.sawElem {
		switch c {
		case ',':
			r.br.Discard(1)
			if c, err = r.skipSpace(); err != nil {
				return nil, r.endErr(err)
			}
		case ']':
			r.br.Discard(1)
			r.done = true
			return r.nextElement()
		default:
			r.recLine = r.line + 1
			return nil, r.lineErr("", fmt.Errorf("invalid character %q after array element", c))
		}
	} else if c == ']' {
		r.br.Discard(1)
		r.done = true
		return r.nextElement()
	}
	r.recLine = r.line + 1
	if c != '{' {
		return nil, r.lineErr("", fmt.Errorf("invalid character %q: expected an object", c))
	}
	r.sawElem = true
	data, err := r.scanObject()
	if err != nil {
		if err == io.EOF || err == errRORTooLarge {
			// Let Unmarshal describe the truncation and name the field.
			field, msg := "", err
			if err == io.EOF {
				_, field, msg = decodeRORRecord(data)
				if msg == nil {
					msg = errors.New("unexpected end of JSON input")
				}
			}
			return nil, r.fail(&LineError{Line: r.recLine, Field: field, Err: msg})
		}
		return nil, r.fail(err)
	}
	return data, nil
}

// endErr reports input ending (or failing) inside the array.
func (r *RORReader) endErr(err error) error {
	if err != io.EOF {
		return r.fail(err)
	}
	r.recLine = r.line + 1
	return r.lineErr("", errors.New("unexpected end of JSON input"))
}

// scanObject consumes one JSON object from the reader into r.buf, counting
// newlines. On io.EOF it returns the partial object.
func (r *RORReader) scanObject() ([]byte, error) {
	r.buf = r.buf[:0]
	depth, inStr := 0, false
	for {
		chunk, _ := r.br.Peek(r.br.Buffered()) // never more than is buffered: cannot fail
		if len(chunk) == 0 {
			if _, err := r.br.Peek(1); err != nil {
				return r.buf, err
			}
			continue
		}
		end, i := -1, 0
	scan:
		for i < len(chunk) {
			if inStr {
				for i < len(chunk) && !rorStrSpecial[chunk[i]] {
					i++
				}
				if i == len(chunk) {
					break
				}
				switch chunk[i] {
				case '"':
					inStr = false
				case '\\':
					i++ // skip the escaped byte, possibly in the next chunk
					if i == len(chunk) {
						// Rare: the escape straddles chunks; take one more byte.
						r.buf = append(r.buf, chunk...)
						r.br.Discard(len(chunk))
						c, err := r.br.ReadByte()
						if err != nil {
							return r.buf, err
						}
						r.buf = append(r.buf, c)
						if c == '\n' {
							r.line++
						}
						chunk, i = nil, 0
						continue scan
					}
					if chunk[i] == '\n' {
						r.line++
					}
				case '\n':
					r.line++ // invalid in JSON, but keeps line numbers honest
				}
				i++
				continue
			}
			for i < len(chunk) && !rorSpecial[chunk[i]] {
				i++
			}
			if i == len(chunk) {
				break
			}
			switch chunk[i] {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					end = i + 1
					break scan
				}
			case '\n':
				r.line++
			}
			i++
		}
		n := len(chunk)
		if end >= 0 {
			n = end
		}
		r.buf = append(r.buf, chunk[:n]...)
		r.br.Discard(n)
		if len(r.buf) > rorMaxRecord {
			return nil, errRORTooLarge
		}
		if end >= 0 {
			return r.buf, nil
		}
	}
}

// Bytes that change scanObject's state, outside and inside strings.
var rorSpecial, rorStrSpecial [256]bool

func init() {
	for _, c := range []byte("\"{}[]\n") {
		rorSpecial[c] = true
	}
	for _, c := range []byte("\"\\\n") {
		rorStrSpecial[c] = true
	}
}

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

// rorFast decodes the common case of a well-formed v2 record several times
// faster than encoding/json's reflection. Anything unusual (escaped keys,
// duplicate or case-folded keys, nulls inside arrays, v1 keys, type
// mismatches, invalid JSON) makes it report false, and the caller falls back
// to json.Unmarshal, which then owns every error message. FuzzRORReader
// checks that both paths agree.
func rorFast(data []byte, raw *rorRaw) bool {
	s := rorScan{data: data}
	s.ws()
	ok := s.object(rorTopKeys, func(k []byte) bool {
		switch string(k) {
		case "id":
			return s.strInto(&raw.ID)
		case "names":
			return s.array(func() bool {
				var n rorRawName
				ok := s.object(rorNameKeys, func(k []byte) bool {
					switch string(k) {
					case "value":
						return s.strInto(&n.Value)
					case "lang":
						return s.strInto(&n.Lang)
					case "types":
						return s.strings(&n.Types)
					}
					return s.skip()
				})
				raw.Names = append(raw.Names, n)
				return ok
			})
		case "types":
			return s.strings(&raw.Types)
		case "status":
			return s.strInto(&raw.Status)
		case "established":
			if s.null() {
				return true
			}
			lit, ok := s.num()
			if !ok {
				return false
			}
			n, err := strconv.Atoi(string(lit))
			raw.Established = n
			return err == nil
		case "links":
			return s.array(func() bool {
				var l rorRawLink
				ok := s.object(rorLinkKeys, func(k []byte) bool {
					switch string(k) {
					case "type":
						return s.strInto(&l.Type)
					case "value":
						return s.strInto(&l.Value)
					}
					return s.skip()
				})
				raw.Links = append(raw.Links, l)
				return ok
			})
		case "locations":
			return s.array(func() bool {
				var loc rorRawLoc
				d := &loc.Details
				ok := s.object(rorLocKeys, func(k []byte) bool {
					if string(k) != "geonames_details" {
						return s.skip()
					}
					return s.object(rorGeoKeys, func(k []byte) bool {
						switch string(k) {
						case "country_code":
							return s.strInto(&d.CountryCode)
						case "name":
							return s.strInto(&d.Name)
						case "lat":
							return s.floatInto(&d.Lat)
						case "lng":
							return s.floatInto(&d.Lng)
						}
						return s.skip()
					})
				})
				raw.Locations = append(raw.Locations, loc)
				return ok
			})
		case "external_ids":
			return s.array(func() bool {
				var e rorRawExtID
				ok := s.object(rorExtKeys, func(k []byte) bool {
					switch string(k) {
					case "type":
						return s.strInto(&e.Type)
					case "all":
						return s.strings(&e.All)
					case "preferred":
						return s.strInto(&e.Preferred)
					}
					return s.skip()
				})
				raw.ExternalIDs = append(raw.ExternalIDs, e)
				return ok
			})
		case "relationships":
			return s.array(func() bool {
				var rel rorRawRel
				ok := s.object(rorRelKeys, func(k []byte) bool {
					switch string(k) {
					case "type":
						return s.strInto(&rel.Type)
					case "id":
						return s.strInto(&rel.ID)
					case "label":
						return s.strInto(&rel.Label)
					}
					return s.skip()
				})
				raw.Relationships = append(raw.Relationships, rel)
				return ok
			})
		case "admin":
			raw.Admin = true
			return s.skip()
		case "name", "addresses", "country":
			return false // schema v1: let the slow path say so
		}
		return s.skip()
	})
	s.ws()
	return ok && s.i == len(s.data)
}

// Keys each object level decodes; an unknown key that matches one of these
// case-insensitively would be taken by encoding/json, so it forces the slow path.
var (
	rorTopKeys  = []string{"id", "names", "types", "status", "established", "links", "locations", "external_ids", "relationships", "admin", "name", "addresses", "country"}
	rorNameKeys = []string{"value", "lang", "types"}
	rorLinkKeys = []string{"type", "value"}
	rorLocKeys  = []string{"geonames_details"}
	rorGeoKeys  = []string{"country_code", "name", "lat", "lng"}
	rorExtKeys  = []string{"type", "all", "preferred"}
	rorRelKeys  = []string{"type", "id", "label"}
)

type rorScan struct {
	data  []byte
	i     int
	depth int
}

// rorMaxDepth mirrors encoding/json's nesting limit, so that the fast path
// never accepts what the slow path would refuse.
const rorMaxDepth = 10000

func (s *rorScan) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, 0 at the end.
func (s *rorScan) peek() byte {
	s.ws()
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

func (s *rorScan) null() bool {
	if s.peek() == 'n' && bytes.HasPrefix(s.data[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// object walks an object whose keys are plain (unescaped) strings, calling
// fn with the scanner positioned on each value.
func (s *rorScan) object(known []string, fn func(k []byte) bool) bool {
	if s.peek() != '{' || s.depth >= rorMaxDepth {
		return false
	}
	s.i++
	s.depth++
	defer func() { s.depth-- }()
	var seen uint32
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		if s.peek() != '"' {
			return false
		}
		start := s.i + 1
		end := bytes.IndexByte(s.data[start:], '"')
		if end < 0 {
			return false
		}
		k := s.data[start : start+end]
		if bytes.IndexByte(k, '\\') >= 0 {
			return false
		}
		s.i = start + end + 1
		if s.peek() != ':' {
			return false
		}
		s.i++
		for j, kn := range known {
			if len(k) > 0 && k[0] < 0x80 && k[0]|0x20 != kn[0] {
				continue // cheap reject; non-ASCII may fold (ſ→s, K→k)
			}
			if bytes.EqualFold(k, []byte(kn)) { // Unicode folding, as encoding/json does
				if string(k) != kn || seen&(1<<j) != 0 {
					return false
				}
				seen |= 1 << j
			}
		}
		for _, c := range k {
			if c < 0x20 {
				return false
			}
		}
		if !fn(k) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// array calls fn for each element. A null array leaves the destination
// untouched, like encoding/json (which sets it to nil; ours are nil already).
func (s *rorScan) array(fn func() bool) bool {
	if s.null() {
		return true
	}
	if s.peek() != '[' || s.depth >= rorMaxDepth {
		return false
	}
	s.i++
	s.depth++
	defer func() { s.depth-- }()
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		if !fn() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

func (s *rorScan) strings(dst *[]string) bool {
	if s.null() {
		return true
	}
	*dst = []string{} // encoding/json yields an empty, non-nil slice for []
	return s.array(func() bool {
		if s.peek() != '"' {
			return false // null elements too: left to the slow path
		}
		v, ok := s.str()
		*dst = append(*dst, v)
		return ok
	})
}

func (s *rorScan) strInto(dst *string) bool {
	if s.null() {
		return true
	}
	if s.peek() != '"' {
		return false
	}
	v, ok := s.str()
	*dst = v
	return ok
}

// str reads a string literal; escapes and invalid UTF-8 are handed to
// encoding/json so they decode exactly as the slow path would.
func (s *rorScan) str() (string, bool) {
	start := s.i
	simple, ok := s.skipStr()
	if !ok {
		return "", false
	}
	lit := s.data[start+1 : s.i-1]
	if simple || utf8.Valid(lit) && bytes.IndexByte(lit, '\\') < 0 {
		return string(lit), true
	}
	var v string
	err := json.Unmarshal(s.data[start:s.i], &v)
	return v, err == nil
}

// skipStr consumes a string literal, validating escapes and rejecting
// control characters; simple reports plain ASCII without escapes.
func (s *rorScan) skipStr() (simple, ok bool) {
	d := s.data
	simple = true
	for j := s.i + 1; j < len(d); j++ {
		switch c := d[j]; {
		case c == '"':
			s.i = j + 1
			return simple, true
		case c == '\\':
			simple = false
			j++
			if j >= len(d) {
				return false, false
			}
			switch d[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(d) {
					return false, false
				}
				for _, h := range d[j+1 : j+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false, false
					}
				}
				j += 4
			default:
				return false, false
			}
		case c < 0x20:
			return false, false
		case c >= 0x80:
			simple = false
		}
	}
	return false, false
}

func (s *rorScan) floatInto(dst **float64) bool {
	if s.null() {
		*dst = nil
		return true
	}
	lit, ok := s.num()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return false
	}
	*dst = &f
	return true
}

// num reads a number following the JSON grammar (ParseFloat alone would
// also accept "+1", "Inf" or hex).
func (s *rorScan) num() ([]byte, bool) {
	s.ws()
	d, i := s.data, s.i
	digits := func() bool {
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if !digits() {
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	lit := d[s.i:i]
	s.i = i
	return lit, true
}

// skip consumes any valid JSON value.
func (s *rorScan) skip() bool {
	switch s.peek() {
	case '{':
		return s.object(nil, func([]byte) bool { return s.skip() })
	case '[':
		return s.array(s.skip)
	case '"':
		_, ok := s.skipStr()
		return ok
	case 't':
		return s.word("true")
	case 'f':
		return s.word("false")
	case 'n':
		return s.null()
	}
	_, ok := s.num()
	return ok
}

func (s *rorScan) word(w string) bool {
	if bytes.HasPrefix(s.data[s.i:], []byte(w)) {
		s.i += len(w)
		return true
	}
	return false
}
