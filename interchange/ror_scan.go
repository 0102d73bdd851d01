package interchange

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

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
var (
	rorSpecial    = rorByteSet("\"{}[]\n")
	rorStrSpecial = rorByteSet("\"\\\n")
)

func rorByteSet(chars string) (set [256]bool) {
	for i := range len(chars) {
		set[chars[i]] = true
	}
	return set
}

// rorFast decodes the common case of a well-formed v2 record without encoding/json's
// reflection; it is kept because it saves a measurable part of a whole import
// (docs/benchmarks.md, Import). Anything unusual (escaped keys,
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
