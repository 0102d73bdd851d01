package web

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"

	"passerelle"
	"passerelle/locales"
)

// catalogues are the embedded catalogues of package locales, by language.
var catalogues = map[string]map[string]string{"en": locales.Catalogue("en"), "fr": locales.Catalogue("fr")}

var (
	langMatcher = language.NewMatcher([]language.Tag{language.English, language.French})
	countryMemo sync.Map // lang|code -> name
)

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

// Text renders a message in the language by its key: the catalogue's "msg."+key,
// formatted with the arguments rendered first. An argument that is a message or an
// *Error is rendered by its own key; a string given to a %s verb that is itself a
// catalogue noun ("person" in "%s not found") is looked up as "msg."+it. A key the
// catalogue lacks (a format such as "%v" that only wraps another message) stays
// English, its arguments still rendered; the catalogue test keeps real messages in.
func (l *Localizer) Text(m passerelle.Msg) string {
	if m.Key == "" {
		return ""
	}
	format, ok := l.cat["msg."+m.Key]
	if !ok {
		format = m.Key
	}
	if len(m.Args) == 0 {
		return format
	}
	verbs := formatVerbs(m.Key)
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case passerelle.Msg:
			args[i] = l.Text(v)
		case passerelle.FieldName:
			args[i] = l.fieldInline(string(v))
		case *passerelle.Error:
			args[i] = l.Error(v)
		case string:
			if i < len(verbs) && verbs[i] == 's' {
				if t, ok := l.cat["msg."+v]; ok {
					v = t
				}
			}
			args[i] = v
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// formatVerbs lists the verbs of a format in the order they take their arguments
// ("%s line %d: %v" gives s, d, v); "%%" takes none.
func formatVerbs(format string) []byte {
	var out []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0; i++ {
		}
		if i < len(format) && format[i] != '%' {
			out = append(out, format[i])
		}
	}
	return out
}

// Error renders an error for a page: an *Error's message and its fields' messages by
// key, anything else as the catalogue's "internal error" (details stay in the log).
func (l *Localizer) Error(err error) string {
	var e *passerelle.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e):
		return l.Text(passerelle.M("internal error"))
	case len(e.Fields) == 0:
		return l.Text(e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+l.Text(e.Fields[k]))
	}
	if e.Message.Key == "" {
		return strings.Join(parts, "; ")
	}
	return l.Text(e.Message) + " (" + strings.Join(parts, "; ") + ")"
}

// Fields renders the per-field messages of an error, for a form; nil if it has none.
func (l *Localizer) Fields(err error) map[string]string {
	fs := passerelle.ErrorFieldMsgs(err)
	if len(fs) == 0 {
		return nil
	}
	out := make(map[string]string, len(fs))
	for k, m := range fs {
		out[k] = l.Text(m)
	}
	return out
}

// fieldInline names a field inside a sentence ("ligne 2 : disponibilité : …"): its
// label with a small first letter, unless the label starts with an acronym ("ROR");
// its code when it has no label. French files were refused in English ("availability").
func (l *Localizer) fieldInline(code string) string {
	label := l.Field(code)
	r := []rune(label)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// FormErrors is what a form shows for err: its field messages, or its message on
// field (the form's general slot "_", or the one input the form has) when it names none.
func (l *Localizer) FormErrors(err error, field string) map[string]string {
	if fs := l.Fields(err); len(fs) > 0 {
		return fs
	}
	return map[string]string{field: l.Error(err)}
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

// FundingCategory names a funding line's category; a category of the user's own
// (the field is free text) is shown as it was typed.
func (l *Localizer) FundingCategory(c string) string {
	if m, ok := l.cat["agr.category."+c]; ok && c != "" {
		return m
	}
	return c
}

// Option is a value and its label in a select.
type Option struct{ Value, Label string }

func sortOptions(o []Option) {
	folded := make(map[string]string, len(o))
	for _, x := range o {
		folded[x.Value] = passerelle.Fold(x.Label)
	}
	slices.SortFunc(o, func(a, b Option) int { return strings.Compare(folded[a.Value], folded[b.Value]) })
}
