package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"

	"passerelle"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages are the interface languages, the first being the default.
var Languages = []string{"en", "fr"}

var (
	catalogues  = map[string]map[string]string{}
	langMatcher = language.NewMatcher([]language.Tag{language.English, language.French})
	countryMemo sync.Map // lang|code -> name
)

func init() {
	for _, l := range Languages {
		b, err := localeFS.ReadFile("locales/" + l + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", l, err))
		}
		catalogues[l] = m
	}
}

// langOf picks the language: the cookie set by the switch (or at sign-in from the
// user's preference), else the browser's Accept-Language.
func (s *Server) langOf(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "fr" || c.Value == "en") {
		return c.Value
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if len(tags) > 0 {
		if _, i, conf := langMatcher.Match(tags...); conf != language.No && i == 1 {
			return "fr"
		}
	}
	return "en"
}

// Localizer formats text, dates, numbers and names in one language.
type Localizer struct {
	Lang string
	cat  map[string]string
	tag  language.Tag
}

func newLocalizer(lang string) *Localizer {
	tag := language.English
	if lang == "fr" {
		tag = language.French
	} else {
		lang = "en"
	}
	return &Localizer{Lang: lang, cat: catalogues[lang], tag: tag}
}

// T returns the message of a key, formatted with args. A missing key shows itself, and
// the catalogue test keeps that from happening.
func (l *Localizer) T(key string, args ...any) string {
	m, ok := l.cat[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Msg translates a message that the domain returned in English, if the catalogue has
// it (key "msg." + the message); else it is shown as it is. A catalogue message with
// verbs ("workspace %s not found") matches a message carrying values, which go into the
// translation in the same order; a %s value is translated when the catalogue has it
// ("person" in "person not found"), a %v value (a wrapped error) as a message.
func (l *Localizer) Msg(s string) string {
	if m, ok := l.cat["msg."+s]; ok {
		return m
	}
	for _, p := range l.patterns() {
		if m := p.re.FindStringSubmatch(s); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				switch p.verbs[i] {
				case 'v': // an error inside the message: shorter, so this ends
					v = l.Msg(v)
				case 's':
					if t, ok := l.cat["msg."+v]; ok {
						v = t
					}
				}
				args[i] = v
			}
			return fmt.Sprintf(p.out, args...)
		}
	}
	return s
}

// msgPattern is a catalogue message with verbs, as a regular expression over the English
// text and the translation with every verb turned into %s (the captured text is already
// formatted: a %q capture keeps its quotes).
type msgPattern struct {
	re    *regexp.Regexp
	verbs []byte
	out   string
}

var (
	msgPatterns sync.Map // lang -> []msgPattern
	verbRE      = regexp.MustCompile(`%[sdqv]`)
)

func (l *Localizer) patterns() []msgPattern {
	if v, ok := msgPatterns.Load(l.Lang); ok {
		return v.([]msgPattern)
	}
	var out []msgPattern
	keys := make([]string, 0, len(l.cat))
	for k := range l.cat {
		keys = append(keys, k)
	}
	// Longer formats first, so that "%s line %d: %v" wins over "%s not found" alone;
	// then by text, so that the choice never depends on map order.
	slices.SortFunc(keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		en, ok := strings.CutPrefix(k, "msg.")
		if !ok || !verbRE.MatchString(en) || verbRE.ReplaceAllString(en, "") == "" {
			continue
		}
		var re strings.Builder
		var verbs []byte
		re.WriteString("^")
		last := 0
		for _, loc := range verbRE.FindAllStringIndex(en, -1) {
			re.WriteString(regexp.QuoteMeta(en[last:loc[0]]))
			verb := en[loc[0]+1]
			switch verb {
			case 'd':
				re.WriteString(`(-?\d+)`)
			case 'q':
				re.WriteString(`("(?:[^"\\]|\\.)*")`)
			default:
				re.WriteString(`(.+?)`)
			}
			verbs = append(verbs, verb)
			last = loc[1]
		}
		re.WriteString(regexp.QuoteMeta(en[last:]) + "$")
		out = append(out, msgPattern{re: regexp.MustCompile(re.String()), verbs: verbs, out: verbRE.ReplaceAllString(l.cat[k], "%s")})
	}
	msgPatterns.Store(l.Lang, out)
	return out
}

// Num formats an integer with the language's digit grouping.
func (l *Localizer) Num(n int) string { return message.NewPrinter(l.tag).Sprintf("%d", n) }

var monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Date formats a date as people of the language write it.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l.Lang == "fr" {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsFR[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// DateTime formats an instant, in UTC, with the language's conventions.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if l.Lang == "fr" {
		return l.Date(t) + " à " + t.Format("15:04") + " UTC"
	}
	return t.Format("2 Jan 2006, 15:04") + " UTC"
}

// Country names a country (ISO 3166-1 alpha-2) in the language.
func (l *Localizer) Country(code string) string {
	if code == "" {
		return ""
	}
	k := l.Lang + "|" + code
	if v, ok := countryMemo.Load(k); ok {
		return v.(string)
	}
	name := code
	if r, err := language.ParseRegion(code); err == nil {
		if n := display.Regions(l.tag).Name(r); n != "" {
			name = n
		}
	}
	countryMemo.Store(k, name)
	return name
}

var (
	countryLists   sync.Map // lang -> []Option
	countryOptions sync.Map // lang -> string of <option> elements
	kindOptions    sync.Map // lang -> string of <option> elements
)

// CountryOptions returns the <option> elements of every country, the selected one
// marked. A page with a country filter would otherwise spend most of its rendering
// time on these 250 options.
func (l *Localizer) CountryOptions(selected string) template.HTML {
	return l.cachedOptions(&countryOptions, l.Countries, selected, passerelle.IsCountry(selected))
}

// KindOptions returns the <option> elements of the organisation kinds, the selected one
// marked.
func (l *Localizer) KindOptions(selected passerelle.OrgKind) template.HTML {
	kinds := func() []Option {
		out := make([]Option, 0, len(passerelle.OrgKinds))
		for _, k := range passerelle.OrgKinds {
			out = append(out, Option{Value: string(k), Label: l.Kind(k)})
		}
		return out
	}
	return l.cachedOptions(&kindOptions, kinds, string(selected), selected.Valid())
}

// cachedOptions builds the options of a fixed list once per language, escaped, and marks
// the selection by its value, which valid says is one of our own codes.
func (l *Localizer) cachedOptions(cache *sync.Map, list func() []Option, selected string, valid bool) template.HTML {
	v, ok := cache.Load(l.Lang)
	if !ok {
		var b strings.Builder
		for _, o := range list() {
			b.WriteString(`<option value="` + html.EscapeString(o.Value) + `">` + html.EscapeString(o.Label) + "</option>")
		}
		v = b.String()
		cache.Store(l.Lang, v)
	}
	opts := v.(string)
	if selected != "" && valid {
		opts = strings.Replace(opts, `value="`+selected+`">`, `value="`+selected+`" selected>`, 1)
	}
	return template.HTML(opts)
}

// ThemeOptions returns the <option> elements of a workspace's themes, indented by level
// with a class, the selected one marked. Written here rather than in a template for the
// same reason as orgRows.
func (l *Localizer) ThemeOptions(themes []*passerelle.Theme, selected string) template.HTML {
	var b strings.Builder
	for _, t := range themes {
		b.WriteString(`<option value="` + html.EscapeString(t.Code) + `"`)
		if t.Code == selected {
			b.WriteString(" selected")
		}
		b.WriteString(` class="level` + strconv.Itoa(t.Level) + `">` + html.EscapeString(t.Label(l.Lang)) + "</option>")
	}
	return template.HTML(b.String())
}

// Countries lists every country code with its name, sorted by name, for selects.
func (l *Localizer) Countries() []Option {
	if v, ok := countryLists.Load(l.Lang); ok {
		return v.([]Option)
	}
	codes := passerelle.CountryCodes()
	out := make([]Option, 0, len(codes))
	for _, c := range codes {
		out = append(out, Option{Value: c, Label: l.Country(c)})
	}
	sortOptions(out)
	countryLists.Store(l.Lang, out)
	return out
}

// Kind, Role, LinkKind and Action name the domain's enumerations.
func (l *Localizer) Kind(k passerelle.OrgKind) string      { return l.T("kind." + string(k)) }
func (l *Localizer) Role(r passerelle.Role) string         { return l.T("role." + string(r)) }
func (l *Localizer) LinkKind(k passerelle.LinkKind) string { return l.T("link." + string(k)) }
func (l *Localizer) Action(a string) string                { return l.T("audit.action." + a) }
func (l *Localizer) Entity(e string) string                { return l.T("entity." + e) }

// Option is a value and its label in a select.
type Option struct{ Value, Label string }

func sortOptions(o []Option) {
	folded := make(map[string]string, len(o))
	for _, x := range o {
		folded[x.Value] = passerelle.Fold(x.Label)
	}
	slices.SortFunc(o, func(a, b Option) int { return strings.Compare(folded[a.Value], folded[b.Value]) })
}
