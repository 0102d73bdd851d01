package match

import (
	"sort"
	"strconv"
	"strings"
)

// PersonRecord is a person, as the engine sees it: a record of the workspace or an
// incoming one.
type PersonRecord struct {
	ID        int64
	FirstName string
	LastName  string
	Emails    []string
	OrgIDs    []int64 // the organisations of the person's affiliations
}

// Name is the display name.
func (r *PersonRecord) Name() string { return strings.TrimSpace(r.FirstName + " " + r.LastName) }

// PersonThresholds turn a person's scores into decisions. A name alone (no email, no
// organisation on either side) scores 0.6: shown for review, never merged by itself.
var PersonThresholds = Thresholds{Same: 0.80, Maybe: 0.55, Margin: 0.03}

// MaxNamePosting bounds the records a bare name key ("martin|j") brings as
// candidates: beyond it the name is too common to say anything alone, and only the
// keys qualified by an organisation or an email domain are read.
const MaxNamePosting = 200

type personEntry struct {
	r       *PersonRecord
	words   []string // folded name words, in the name's order
	emails  []string // lower case
	domains []string // the organisations' email domains (not webmail)
}

// PersonIndex holds people and their blocking keys: their emails, and the pairs of a
// name word and another word's initial ("smith|j"), alone and with each organisation
// and email domain. Match is not safe for concurrent use with Add.
type PersonIndex struct {
	T       Thresholds
	entries []*personEntry
	keys    map[string][]int32
	only    map[string]bool // see Restrict
}

// Restrict makes the index keep, of the records added after it, only those that share
// a blocking key with one of qs, and only those keys: what Match needs to answer qs. An
// import of 10,000 rows against a contact book of a million people then holds their
// candidates rather than the book (the whole index: 8 s and 2 GB of the 23 s and 2.7
// GB of such an import). Postings stay whole, so a bare name too common to say anything
// is left out as it would be unrestricted.
func (ix *PersonIndex) Restrict(qs []*PersonRecord) {
	ix.only = map[string]bool{}
	for _, q := range qs {
		for _, k := range analysePerson(q).keys() {
			ix.only[k] = true
		}
	}
}

// NewPersonIndex returns an empty index with the people's thresholds.
func NewPersonIndex() *PersonIndex {
	return &PersonIndex{T: PersonThresholds, keys: map[string][]int32{}}
}

// Records returns the records indexed, in the order they were added.
func (ix *PersonIndex) Records() []*PersonRecord {
	out := make([]*PersonRecord, len(ix.entries))
	for i, e := range ix.entries {
		out[i] = e.r
	}
	return out
}

// Add indexes a record.
func (ix *PersonIndex) Add(r *PersonRecord) {
	e := analysePerson(r)
	keys := e.keys()
	if ix.only != nil {
		kept := keys[:0]
		for _, k := range keys {
			if ix.only[k] {
				kept = append(kept, k)
			}
		}
		if keys = kept; len(keys) == 0 {
			return
		}
	}
	i := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	for _, k := range keys {
		addPosting(ix.keys, k, i)
	}
}

func analysePerson(r *PersonRecord) *personEntry {
	e := &personEntry{r: r, words: PersonWords(r.FirstName, r.LastName)}
	for _, m := range r.Emails {
		m = strings.ToLower(strings.TrimSpace(m))
		if m == "" || contains(e.emails, m) {
			continue
		}
		e.emails = append(e.emails, m)
		if d := orgDomain(m); d != "" && !contains(e.domains, d) {
			e.domains = append(e.domains, d)
		}
	}
	return e
}

// keys are the entry's blocking keys: its own (ownKeys) and, for each name key, one
// per organisation ("o:smith|j|42").
func (e *personEntry) keys() []string {
	names := e.nameKeys()
	out := e.ownKeys(names)
	for _, n := range names {
		for _, o := range e.r.OrgIDs {
			out = append(out, "o:"+n+"|"+strconv.FormatInt(o, 10))
		}
	}
	return out
}

// maxNameWords bounds the words of a name that make keys: the keys pair every word
// with every other, and each save of a person stores them, so a hostile name of
// thousands of words would otherwise cost millions of keys. Real names have a few.
const maxNameWords = 8

// nameKeys pair a word of two letters or more with another word's initial, so that
// "J. Smith", "John Smith" and "SMITH John" meet.
func (e *personEntry) nameKeys() []string {
	var names []string
	words := e.words
	if len(words) > maxNameWords {
		words = words[:maxNameWords]
	}
	for i, w := range words {
		if len(w) < 2 {
			continue
		}
		if len(words) == 1 {
			names = append(names, w+"|")
		}
		for j, x := range words {
			if j != i {
				names = append(names, w+"|"+x[:1])
			}
		}
	}
	return dedupe(names)
}

// ownKeys are the keys that follow from the person's name and emails alone: emails,
// name keys, and name keys with each email domain.
func (e *personEntry) ownKeys(names []string) []string {
	var out []string
	for _, m := range e.emails {
		out = append(out, "e:"+m)
	}
	for _, n := range names {
		out = append(out, "n:"+n)
		for _, d := range e.domains {
			out = append(out, "d:"+n+"|"+d)
		}
	}
	return out
}

// PersonStoredKeys are the blocking keys of a person that do not depend on their
// affiliations. The store keeps them (person_keys) so that an import reads the
// candidates of its rows, not the whole contact book; the keys with an organisation
// it finds through the affiliations of the rows' organisations.
func PersonStoredKeys(r *PersonRecord) []string {
	e := analysePerson(r)
	return e.ownKeys(e.nameKeys())
}

// IsNameKey reports whether a key is a bare name key, which Match ignores when more
// than MaxNamePosting records share it.
func IsNameKey(k string) bool { return strings.HasPrefix(k, "n:") }

// Drop takes keys out of a restricted index (see Restrict): the bare names that the
// store counted above MaxNamePosting in the whole book, whose postings would otherwise
// hold only the candidates read and so be short enough to be used.
func (ix *PersonIndex) Drop(keys []string) {
	for _, k := range keys {
		delete(ix.only, k)
	}
}

// personTitles are the words before a name that are not the name.
var personTitles = map[string]bool{"dr": true, "prof": true, "professor": true, "pr": true, "mr": true, "mrs": true,
	"ms": true, "mme": true, "mlle": true, "dott": true, "ing": true, "phd": true}

// apostrophes go from names: "O'Brien" is one word. Built once: building it on each
// call was two thirds of reading a million names.
var apostrophes = strings.NewReplacer("'", "", "’", "")

// PersonWords reads a person's name as folded words: double-encoded UTF-8 repaired,
// case and accents gone, "O'Brien" one word, titles (Dr, Prof.) dropped.
func PersonWords(first, last string) []string {
	s := RepairMojibake(first + " " + last)
	s = apostrophes.Replace(s)
	var out []string
	for _, w := range strings.Fields(fold(s)) {
		if !personTitles[w] {
			out = append(out, w)
		}
	}
	return out
}

// nameKind is how two names compare, weakest last.
type nameKind int

const (
	nameNone     nameKind = iota
	nameSame              // the same words, in any order
	nameInitials          // the same, but initials for some words ("J. Smith")
	nameMore              // one name has a word more ("John Paul Smith")
	nameClose             // a one-letter typo in one word ("Jon Smith")
)

var nameReasons = map[nameKind]string{nameSame: "same name", nameInitials: "initials of the name",
	nameMore: "a name more", nameClose: "close name"}

// compareNames pairs the words of two names: equal words first, then initials with
// the words they begin, then words one letter apart. Every word of the shorter name
// must find its pair, and one full word must be equal on both sides (two people called
// "J. S." say nothing).
func compareNames(a, b []string) nameKind {
	if len(a) == 0 || len(b) == 0 {
		return nameNone
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	used := make([]bool, len(b))
	done := make([]bool, len(a))
	full, initials, typos := 0, 0, 0
	pass := func(ok func(x, y string) bool, count *int) {
		for i, x := range a {
			if done[i] {
				continue
			}
			for j, y := range b {
				if !used[j] && ok(x, y) {
					done[i], used[j] = true, true
					*count++
					break
				}
			}
		}
	}
	pass(func(x, y string) bool { return x == y && len(x) > 1 }, &full)
	pass(func(x, y string) bool { return x == y }, &initials) // two initials
	pass(func(x, y string) bool { return (len(x) == 1) != (len(y) == 1) && x[0] == y[0] }, &initials)
	pass(func(x, y string) bool { return len(x) >= 4 && len(y) >= 4 && editOne(x, y) }, &typos)
	for _, d := range done {
		if !d {
			return nameNone
		}
	}
	switch {
	case full == 0 || typos > 1:
		return nameNone
	case typos == 1:
		if len(a) != len(b) || initials > 0 {
			return nameNone
		}
		return nameClose
	case len(a) != len(b):
		return nameMore
	case initials > 0:
		return nameInitials
	}
	return nameSame
}

// personBase is a name's score alone, with the same organisation, and with the same
// email domain; a name at another organisation (both known, none shared) scores
// personElsewhere below the "maybe" threshold: two namesakes.
var personBase = map[nameKind][3]float64{
	nameSame:     {0.60, 0.92, 0.85},
	nameInitials: {0.45, 0.82, 0.75},
	nameMore:     {0.50, 0.85, 0.78},
	nameClose:    {0.45, 0.80, 0.72},
}

const personElsewhere = 0.30

// scorePerson scores a record against a query, with its reasons.
func scorePerson(q, r *personEntry) Candidate {
	c := Candidate{ID: r.r.ID, Name: r.r.Name()}
	kind := compareNames(q.words, r.words)
	sameEmail := overlap(q.emails, r.emails)
	sameOrg := overlapIDs(q.r.OrgIDs, r.r.OrgIDs)
	sameDomain := overlap(q.domains, r.domains)
	switch {
	case sameEmail && kind != nameNone:
		c.Score, c.Reasons = 1, []string{"same email", nameReasons[kind]}
	case sameEmail:
		// A shared address (contact@…) under two names: for a person to look at.
		c.Score, c.Reasons = 0.6, []string{"same email", "another name"}
	case kind == nameNone:
		return c
	case sameOrg:
		c.Score = personBase[kind][1]
		if kind == nameSame {
			c.Reasons = []string{"same name at the same organisation"}
		} else {
			c.Reasons = []string{nameReasons[kind], "same organisation"}
		}
	case sameDomain:
		c.Score, c.Reasons = personBase[kind][2], []string{nameReasons[kind], "same email domain"}
	case len(q.r.OrgIDs) > 0 && len(r.r.OrgIDs) > 0:
		c.Score, c.Reasons = min(personElsewhere, personBase[kind][0]), []string{nameReasons[kind], "another organisation"}
	case len(q.domains) > 0 && len(r.domains) > 0:
		c.Score, c.Reasons = min(personElsewhere, personBase[kind][0]), []string{nameReasons[kind], "another email domain"}
	default:
		c.Score, c.Reasons = personBase[kind][0], []string{nameReasons[kind]}
	}
	return c
}

// Match finds the records that q may be; a record with q's id (q itself, when the
// duplicates of the workspace are listed) is left out.
func (ix *PersonIndex) Match(q *PersonRecord) Result {
	e := analysePerson(q)
	seen := map[int32]bool{}
	var cands []Candidate
	for _, k := range e.keys() {
		p := ix.keys[k]
		if strings.HasPrefix(k, "n:") && len(p) > MaxNamePosting {
			continue
		}
		for _, i := range p {
			if seen[i] {
				continue
			}
			seen[i] = true
			r := ix.entries[i]
			if q.ID != 0 && r.r.ID == q.ID {
				continue
			}
			if c := scorePerson(e, r); c.Score > 0 {
				cands = append(cands, c)
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Score != cands[j].Score {
			return cands[i].Score > cands[j].Score
		}
		return cands[i].ID < cands[j].ID
	})
	return ix.T.decide(cands)
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

func overlapIDs(a, b []int64) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// webmail are the mail providers whose domain says nothing of an employer; a family
// is named by its first label (yahoo.fr, yahoo.co.uk).
var webmail = map[string]bool{"gmail.com": true, "googlemail.com": true, "icloud.com": true, "me.com": true, "mac.com": true,
	"aol.com": true, "msn.com": true, "web.de": true, "orange.fr": true, "free.fr": true, "wanadoo.fr": true, "laposte.net": true,
	"sfr.fr": true, "neuf.fr": true, "bbox.fr": true, "proton.me": true, "protonmail.com": true, "qq.com": true, "163.com": true,
	"126.com": true, "mail.ru": true, "naver.com": true, "fastmail.com": true, "zoho.com": true, "libero.it": true,
	"yahoo": true, "hotmail": true, "outlook": true, "live": true, "gmx": true, "yandex": true, "ymail": true}

// orgDomain is the domain of an email address that names an organisation: its last
// two labels, three under a short second level ("inserm.fr" for
// "j.s@paris.inserm.fr", "ox.ac.uk"); "" for a webmail address.
func orgDomain(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	labels := strings.Split(strings.Trim(email[i+1:], "."), ".")
	if len(labels) < 2 {
		return ""
	}
	n := 2
	if len(labels) > 2 && len(labels[len(labels)-1]) == 2 && secondLevel[labels[len(labels)-2]] {
		n = 3
	}
	d := strings.Join(labels[len(labels)-n:], ".")
	if webmail[d] || webmail[labels[len(labels)-n]] {
		return ""
	}
	return d
}
