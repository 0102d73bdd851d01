package interchange

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"passerelle"
)

// Encodings are the character encodings a CSV import accepts, the first being the
// default. JSON and XLSX say their own (UTF-8, or the workbook's XML declaration).
var Encodings = []string{"utf-8", "windows-1252", "latin1"}

// ParseEncoding reads an encoding's name as a user may write it; "" is UTF-8.
func ParseEncoding(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "utf-8", "utf8":
		return "utf-8", nil
	case "windows-1252", "cp1252", "win1252":
		return "windows-1252", nil
	case "latin1", "latin-1", "iso-8859-1", "iso8859-1":
		return "latin1", nil
	}
	return "", passerelle.FieldError("encoding", "use utf-8, windows-1252 or latin1")
}

// decodeText turns text in enc into UTF-8. Windows-1252 and Latin-1 map every byte to
// a character, so only UTF-8 can be invalid; csvTable checks it line by line.
func decodeText(r io.Reader, enc string) io.Reader {
	switch enc {
	case "windows-1252":
		return charmap.Windows1252.NewDecoder().Reader(r)
	case "latin1":
		return charmap.ISO8859_1.NewDecoder().Reader(r)
	}
	return r
}

// invalidUTF8Line returns the 1-based line of the first byte of b that is not UTF-8,
// or 0 when b is valid: a file in another encoding would otherwise be stored with
// U+FFFD in place of its accented letters, without a word.
func invalidUTF8Line(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return bytes.Count(b[:i], []byte("\n")) + 1
		}
		i += n
	}
	return 0
}

// invalidByte returns the offset of the first byte of s that is not UTF-8.
func invalidByte(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return len(s)
}
