package interchange

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"unicode/utf8"

	"passerelle"
)

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
