package schedule

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// dznTok is one token of a MiniZinc data file, with the line it starts on.
type dznTok struct {
	s    string
	line int
	num  bool
}

func dznTokens(r io.Reader) ([]dznTok, error) {
	var toks []dznTok
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if i := strings.IndexByte(t, '%'); i >= 0 {
			t = t[:i]
		}
		for i := 0; i < len(t); {
			c := t[i]
			switch {
			case c == ' ' || c == '\t' || c == '\r':
				i++
			case c >= '0' && c <= '9' || c == '-' && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9':
				j := i + 1
				for j < len(t) && t[j] >= '0' && t[j] <= '9' {
					j++
				}
				toks = append(toks, dznTok{t[i:j], line, true})
				i = j
			case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				j := i + 1
				for j < len(t) && (t[j] == '_' || t[j] >= 'a' && t[j] <= 'z' || t[j] >= 'A' && t[j] <= 'Z' || t[j] >= '0' && t[j] <= '9') {
					j++
				}
				toks = append(toks, dznTok{t[i:j], line, false})
				i = j
			case c == '.' && i+1 < len(t) && t[i+1] == '.':
				toks = append(toks, dznTok{"..", line, false})
				i += 2
			case strings.IndexByte("=;[]{}|,()", c) >= 0:
				toks = append(toks, dznTok{string(c), line, false})
				i++
			default:
				return nil, fmt.Errorf("line %d: unexpected character %q", line, c)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return toks, nil
}

// dznValue is the right-hand side of one assignment: a scalar, a flat list, rows of a 2-D
// array, or a list of sets.
type dznValue struct {
	line   int
	scalar *int
	list   []int
	rows   [][]int
	rowLn  []int
	sets   [][]int
	isSets bool
}

type dznParser struct {
	toks []dznTok
	i    int
	name string
}

func (p *dznParser) peek() dznTok {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	ln := 0
	if len(p.toks) > 0 {
		ln = p.toks[len(p.toks)-1].line
	}
	return dznTok{"<end of file>", ln, false}
}

func (p *dznParser) errf(f string, a ...any) error {
	return fmt.Errorf("line %d: %s: %s", p.peek().line, p.name, fmt.Sprintf(f, a...))
}

func (p *dznParser) expect(s string) error {
	if p.peek().s != s {
		return p.errf("expected %q, got %q", s, p.peek().s)
	}
	p.i++
	return nil
}

func (p *dznParser) int() (int, error) {
	t := p.peek()
	if !t.num {
		return 0, p.errf("expected a number, got %q", t.s)
	}
	v, err := strconv.Atoi(t.s)
	if err != nil || v > 1<<30 || v < -(1<<30) {
		return 0, p.errf("number %q out of range", t.s)
	}
	p.i++
	return v, nil
}

// set parses {a, b, c..d}.
func (p *dznParser) set() ([]int, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var out []int
	for p.peek().s != "}" {
		a, err := p.int()
		if err != nil {
			return nil, err
		}
		if p.peek().s == ".." {
			p.i++
			b, err := p.int()
			if err != nil {
				return nil, err
			}
			if b-a > 1<<20 {
				return nil, p.errf("range %d..%d too large", a, b)
			}
			for x := a; x <= b; x++ {
				out = append(out, x)
			}
		} else {
			out = append(out, a)
		}
		if p.peek().s == "," {
			p.i++
		} else if p.peek().s != "}" {
			return nil, p.errf("expected ',' or '}' in a set, got %q", p.peek().s)
		}
	}
	p.i++
	return out, nil
}

func (p *dznParser) value() (dznValue, error) {
	v := dznValue{line: p.peek().line}
	t := p.peek()
	if t.num {
		x, err := p.int()
		v.scalar = &x
		return v, err
	}
	if t.s == "{" {
		s, err := p.set()
		v.list = s
		return v, err
	}
	if t.s != "[" {
		return v, p.errf("expected a value, got %q", t.s)
	}
	p.i++
	if p.peek().s == "|" { // 2-D array
		p.i++
		row, ln := []int{}, p.peek().line
		for {
			t := p.peek()
			switch {
			case t.s == "]":
				p.i++
				if len(row) > 0 {
					v.rows, v.rowLn = append(v.rows, row), append(v.rowLn, ln)
				}
				return v, nil
			case t.s == "|":
				p.i++
				if len(row) > 0 {
					v.rows, v.rowLn = append(v.rows, row), append(v.rowLn, ln)
				}
				row, ln = []int{}, p.peek().line
			case t.s == ",":
				p.i++
			case t.num:
				x, err := p.int()
				if err != nil {
					return v, err
				}
				row = append(row, x)
			default:
				return v, p.errf("unexpected %q in a 2-D array", t.s)
			}
		}
	}
	for p.peek().s != "]" {
		if p.peek().s == "{" {
			s, err := p.set()
			if err != nil {
				return v, err
			}
			v.sets, v.isSets = append(v.sets, s), true
		} else {
			x, err := p.int()
			if err != nil {
				return v, err
			}
			v.list = append(v.list, x)
		}
		if p.peek().s == "," {
			p.i++
		} else if p.peek().s != "]" {
			return v, p.errf("expected ',' or ']', got %q", p.peek().s)
		}
	}
	p.i++
	return v, nil
}

// B2BSPFairness is the fairness bound d of the B2BSP benchmark's main published results
// (JAIR 2022, Table 5; the paper's other tables vary it): the default for .dzn files.
const B2BSPFairness = 2

// ReadDZN reads a B2BSP instance in the MiniZinc data format of ../shared/b2bsp. Every
// meeting is required, there is one day, and tables are interchangeable (one venue).
// fairness is d (-1 for none), since the files do not carry it; B2BSPFairness is the
// benchmark's convention.
func ReadDZN(r io.Reader, fairness int) (*Instance, error) {
	toks, err := dznTokens(r)
	if err != nil {
		return nil, err
	}
	p := &dznParser{toks: toks}
	vals := map[string]dznValue{}
	for p.i < len(p.toks) {
		t := p.peek()
		if t.num || t.s == "" || !(t.s[0] == '_' || t.s[0] >= 'a' && t.s[0] <= 'z' || t.s[0] >= 'A' && t.s[0] <= 'Z') {
			p.name = "file"
			return nil, p.errf("expected a name, got %q", t.s)
		}
		p.name = t.s
		p.i++
		if err := p.expect("="); err != nil {
			return nil, err
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if err := p.expect(";"); err != nil {
			return nil, err
		}
		vals[t.s] = v
	}
	scalar := func(n string) (int, error) {
		v, ok := vals[n]
		if !ok {
			return 0, fmt.Errorf("%s: missing", n)
		}
		if v.scalar == nil {
			return 0, fmt.Errorf("line %d: %s: expected a number", v.line, n)
		}
		return *v.scalar, nil
	}
	var P, M, L, T, AM int
	for _, f := range []struct {
		n string
		p *int
	}{{"nBusiness", &P}, {"nMeetings", &M}, {"nTables", &L}, {"nTotalSlots", &T}, {"nMorningSlots", &AM}} {
		if *f.p, err = scalar(f.n); err != nil {
			return nil, err
		}
		if *f.p < 0 || *f.p > 1<<22 {
			return nil, fmt.Errorf("line %d: %s: %d out of range", vals[f.n].line, f.n, *f.p)
		}
	}
	if T < 1 {
		return nil, fmt.Errorf("line %d: nTotalSlots: must be at least 1", vals["nTotalSlots"].line)
	}
	if AM > T {
		return nil, fmt.Errorf("line %d: nMorningSlots: %d is more than nTotalSlots %d", vals["nMorningSlots"].line, AM, T)
	}
	in := &Instance{Days: 1, SlotsPerDay: T, MorningSlots: AM, Fairness: fairness, RequireAll: true,
		Venues: []Venue{{ID: "v1"}}}
	if AM == 0 {
		in.MorningSlots = T
	}
	in.Participants = make([]Participant, P)
	for i := range in.Participants {
		in.Participants[i].ID = strconv.Itoa(i + 1)
	}
	in.Tables = make([]Table, L)
	for i := range in.Tables {
		in.Tables[i].ID = strconv.Itoa(i + 1)
	}
	req, ok := vals["requested"]
	if !ok {
		return nil, fmt.Errorf("requested: missing")
	}
	if len(req.rows) != M {
		return nil, fmt.Errorf("line %d: requested: %d rows for nMeetings = %d", req.line, len(req.rows), M)
	}
	in.Meetings = make([]Meeting, M)
	for i, row := range req.rows {
		if len(row) != 3 {
			return nil, fmt.Errorf("line %d: requested: expected 3 numbers per row, got %d", req.rowLn[i], len(row))
		}
		a, b, s := row[0], row[1], row[2]
		if a < 1 || a > P || b < 1 || b > P || a == b {
			return nil, fmt.Errorf("line %d: requested: participants %d, %d not two distinct values in 1..%d", req.rowLn[i], a, b, P)
		}
		if s < 1 || s > 3 {
			return nil, fmt.Errorf("line %d: requested: session %d not in 1..3", req.rowLn[i], s)
		}
		ses := AnySession
		if s == 1 {
			ses = Morning
		} else if s == 2 {
			ses = Afternoon
		}
		in.Meetings[i] = Meeting{ID: strconv.Itoa(i + 1), Participants: []int{a - 1, b - 1}, Session: ses}
	}
	if v, ok := vals["forbidden"]; ok {
		sets := v.sets
		if !v.isSets && len(v.list) > 0 {
			return nil, fmt.Errorf("line %d: forbidden: expected a list of sets", v.line)
		}
		if len(sets) != P {
			return nil, fmt.Errorf("line %d: forbidden: %d sets for nBusiness = %d", v.line, len(sets), P)
		}
		for i, s := range sets {
			for _, x := range s {
				if x == 0 {
					continue
				}
				if x < 1 || x > T {
					return nil, fmt.Errorf("line %d: forbidden: slot %d of participant %d not in 1..%d", v.line, x, i+1, T)
				}
				in.Participants[i].Forbidden = append(in.Participants[i].Forbidden, x)
			}
		}
	}
	if v, ok := vals["fixed"]; ok {
		if v.isSets || len(v.list) != M {
			return nil, fmt.Errorf("line %d: fixed: expected %d numbers", v.line, M)
		}
		for i, x := range v.list {
			if x < 0 || x > T {
				return nil, fmt.Errorf("line %d: fixed: slot %d of meeting %d not in 0..%d", v.line, x, i+1, T)
			}
			in.Meetings[i].Fixed = x
		}
	}
	if v, ok := vals["precedences"]; ok {
		if len(v.sets) != M || (!v.isSets && len(v.list) > 0) {
			return nil, fmt.Errorf("line %d: precedences: expected %d sets", v.line, M)
		}
		for i, s := range v.sets {
			for _, x := range s {
				if x < 1 || x > M || x == i+1 {
					return nil, fmt.Errorf("line %d: precedences: meeting %d of meeting %d not in 1..%d", v.line, x, i+1, M)
				}
				in.Meetings[i].After = append(in.Meetings[i].After, x-1)
			}
		}
	}
	if v, ok := vals["nMeetingsBusiness"]; ok && len(v.list) == P {
		cnt := make([]int, P)
		for _, m := range in.Meetings {
			for _, q := range m.Participants {
				cnt[q]++
			}
		}
		for i := range cnt {
			if cnt[i] != v.list[i] {
				return nil, fmt.Errorf("line %d: nMeetingsBusiness: participant %d has %d meetings in requested, %d here", v.line, i+1, cnt[i], v.list[i])
			}
		}
	}
	return in, in.Validate()
}
