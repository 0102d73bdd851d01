package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"passerelle"
)

// Faceted search of agreements reads a compact facet row per agreement of the
// workspace, kept in memory and rebuilt when the workspace changes, and counts in Go.
// It replaced eight GROUP BY queries per request, which took seconds at the Atlas's
// size (12,000 agreements) on SQLite.
//
// The index is keyed on the workspace's audit log: the number of its entries and the
// highest id. Every committed change of an agreement (create, update, delete, import)
// writes an entry, in this process or another, so a changed workspace never serves a
// stale index. The count catches a PostgreSQL transaction that commits after one with
// a higher id, which the highest id alone would miss.

// facetRow is what the facets and the filters need of one agreement.
type facetRow struct {
	id        int64
	titleKey  string
	year      int
	typ       passerelle.AgreementType
	status    passerelle.AgreementStatus // set by hand, else ""
	startKey  string
	endKey    string
	funding   int64
	shared    bool
	owner     int64
	published bool
	countries []string // foreign partners' countries, distinct
	regions   []string // their M49 regions, distinct (the facet)
	areas     []string // their regions and sub-regions, distinct (the filter)
	themes    []string // explicit themes and their ancestors
	partners  []int64  // organisations, distinct
	// hidden are the partners whose organisation is private (of a shared agreement,
	// named before the rule or made private since): they count only for the actors who
	// may see them, and are in none of the lists above.
	hidden []hiddenPartner
}

type hiddenPartner struct {
	org, owner              int64
	foreign                 bool
	country, region, subreg string
}

// lists returns the countries, regions, areas and partners of the row that the actor
// may see.
func (r *facetRow) lists(act *passerelle.Actor) (countries, regions, areas []string, partners []int64) {
	countries, regions, areas, partners = r.countries, r.regions, r.areas, r.partners
	cloned := false
	for _, h := range r.hidden {
		if !act.System && (act.MemberID == 0 || h.owner != act.MemberID) {
			continue
		}
		if !cloned {
			countries, regions, areas, partners = slices.Clone(countries), slices.Clone(regions), slices.Clone(areas), slices.Clone(partners)
			cloned = true
		}
		if !slices.Contains(partners, h.org) {
			partners = append(partners, h.org)
		}
		if !h.foreign {
			continue
		}
		if h.country != "" && !slices.Contains(countries, h.country) {
			countries = append(countries, h.country)
		}
		if h.region != "" && !slices.Contains(regions, h.region) {
			regions = append(regions, h.region)
		}
		for _, a := range []string{h.region, h.subreg} {
			if a != "" && !slices.Contains(areas, a) {
				areas = append(areas, a)
			}
		}
	}
	return countries, regions, areas, partners
}

func (r *facetRow) derive(day string) passerelle.AgreementStatus {
	switch {
	case r.status != "":
		return r.status
	case r.startKey != "" && r.startKey > day:
		return passerelle.StatusPlanned
	case r.endKey != "" && r.endKey < day:
		return passerelle.StatusEnded
	}
	return passerelle.StatusActive
}

type facetIndex struct {
	version [2]int64
	rows    []facetRow // in title_key, id order
	names   map[int64]string
}

type facetCache struct {
	mu sync.Mutex
	ws map[int64]*facetIndex
}

var facetCaches sync.Map // *DB -> *facetCache

func (s *AgreementService) cache() *facetCache {
	if c, ok := facetCaches.Load(s.db); ok {
		return c.(*facetCache)
	}
	c, _ := facetCaches.LoadOrStore(s.db, &facetCache{ws: map[int64]*facetIndex{}})
	return c.(*facetCache)
}

// workspaceVersion changes whenever a change to the workspace commits.
func workspaceVersion(ctx context.Context, q queryer, ws int64) ([2]int64, error) {
	var v [2]int64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_log WHERE workspace_id = $1`, ws).Scan(&v[0], &v[1])
	return v, err
}

// index returns the workspace's facet index, brought up to date: from the audit
// entries since it was built when they account for every change (only the agreements
// they name are read again), else rebuilt whole.
func (s *AgreementService) index(ctx context.Context, ws int64) (*facetIndex, error) {
	v, err := workspaceVersion(ctx, s.db.read, ws)
	if err != nil {
		return nil, err
	}
	c := s.cache()
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.ws[ws]
	if old != nil && old.version == v {
		return old, nil
	}
	var ix *facetIndex
	if old != nil && v[1] > old.version[1] && v[0] > old.version[0] && v[0]-old.version[0] <= maxFacetDelta {
		if ix, err = s.updateFacetIndex(ctx, ws, old, v); err != nil {
			return nil, err
		}
	}
	if ix == nil {
		// The version is read before the rows: a change committed in between makes
		// the next request look again, never serve a stale index.
		if ix, err = buildFacetIndex(ctx, s.db.read, ws, nil); err != nil {
			return nil, err
		}
	}
	ix.version = v
	c.ws[ws] = ix
	return ix, nil
}

// maxFacetDelta is the most audit entries an index is brought up to date from; beyond
// (a large import), it is rebuilt.
const maxFacetDelta = 2000

// updateFacetIndex returns a copy of old with the agreements that the audit entries
// after it name read again; nil if the entries do not account for every change (a
// PostgreSQL transaction that committed late with a lower id).
func (s *AgreementService) updateFacetIndex(ctx context.Context, ws int64, old *facetIndex, v [2]int64) (*facetIndex, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT entity, entity_id FROM audit_log WHERE workspace_id = $1 AND id > $2 AND id <= $3`, ws, old.version[1], v[1])
	if err != nil {
		return nil, err
	}
	n := int64(0)
	changed := map[int64]bool{}
	// A partner organisation changed (its visibility, perhaps): rebuild, so that who
	// sees it in the facets follows.
	orgChanged := false
	for rows.Next() {
		var entity string
		var id int64
		if err := rows.Scan(&entity, &id); err != nil {
			rows.Close()
			return nil, err
		}
		n++
		if entity == "agreement" {
			changed[id] = true
		}
		if _, partner := old.names[id]; entity == "organization" && partner {
			orgChanged = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n != v[0]-old.version[0] || orgChanged {
		return nil, nil
	}
	ix := &facetIndex{names: old.names}
	if len(changed) == 0 {
		ix.rows = old.rows
		return ix, nil
	}
	ids := make([]int64, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	fresh, err := buildFacetIndex(ctx, s.db.read, ws, ids)
	if err != nil {
		return nil, err
	}
	ix.rows = make([]facetRow, 0, len(old.rows)+len(fresh.rows))
	for _, r := range old.rows {
		if !changed[r.id] {
			ix.rows = append(ix.rows, r)
		}
	}
	ix.rows = append(ix.rows, fresh.rows...)
	sortFacetRows(ix.rows)
	ix.names = make(map[int64]string, len(old.names)+len(fresh.names))
	for k, x := range old.names {
		ix.names[k] = x
	}
	for k, x := range fresh.names {
		ix.names[k] = x
	}
	return ix, nil
}

func sortFacetRows(rows []facetRow) {
	slices.SortFunc(rows, func(a, b facetRow) int {
		if c := strings.Compare(a.titleKey, b.titleKey); c != 0 {
			return c
		}
		return cmpInt64(a.id, b.id)
	})
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// buildFacetIndex reads the facet rows of the workspace's agreements, or of those of
// ids only.
func buildFacetIndex(ctx context.Context, q queryer, ws int64, ids []int64) (*facetIndex, error) {
	ix := &facetIndex{names: map[int64]string{}}
	only, onlyA := "", ""
	if ids != nil {
		list := idList(ids)
		only, onlyA = " AND agreement_id IN ("+list+")", " AND id IN ("+list+")"
	}
	rows, err := q.QueryContext(ctx, `SELECT id, title_key, year, type, status, start_key, end_key, funding_cents, visibility,
		COALESCE(owner_member_id, 0), published FROM agreements WHERE workspace_id = $1`+onlyA, ws)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r facetRow
		var typ, status, vis string
		if err := rows.Scan(&r.id, &r.titleKey, &r.year, &typ, &status, &r.startKey, &r.endKey, &r.funding, &vis, &r.owner, &r.published); err != nil {
			rows.Close()
			return nil, err
		}
		r.typ, r.status, r.shared = passerelle.AgreementType(typ), passerelle.AgreementStatus(status), vis == string(passerelle.VisibilityShared)
		ix.rows = append(ix.rows, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Go's byte order on both databases: PostgreSQL's collation would sort otherwise.
	sortFacetRows(ix.rows)
	pos := make(map[int64]int, len(ix.rows))
	for i, r := range ix.rows {
		pos[r.id] = i
	}
	rows, err = q.QueryContext(ctx, `SELECT p.agreement_id, p.organization_id, p.side, p.country, p.region, p.subregion, p.name,
		o.visibility, COALESCE(o.owner_member_id, 0)
		FROM agreement_partners p JOIN organizations o ON o.workspace_id = p.workspace_id AND o.id = p.organization_id
		WHERE p.workspace_id = $1`+strings.ReplaceAll(only, "agreement_id", "p.agreement_id"), ws)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, org, owner int64
		var side, country, region, sub, name, vis string
		if err := rows.Scan(&id, &org, &side, &country, &region, &sub, &name, &vis, &owner); err != nil {
			rows.Close()
			return nil, err
		}
		i, ok := pos[id]
		if !ok {
			continue // an agreement created since the first query
		}
		r := &ix.rows[i]
		if vis != string(passerelle.VisibilityShared) {
			r.hidden = append(r.hidden, hiddenPartner{org: org, owner: owner, foreign: side == passerelle.SideForeign, country: country, region: region, subreg: sub})
			if _, ok := ix.names[org]; !ok {
				ix.names[org] = name
			}
			continue
		}
		if !slices.Contains(r.partners, org) {
			r.partners = append(r.partners, org)
		}
		if _, ok := ix.names[org]; !ok {
			ix.names[org] = name
		}
		if side != passerelle.SideForeign {
			continue
		}
		if country != "" && !slices.Contains(r.countries, country) {
			r.countries = append(r.countries, country)
		}
		if region != "" && !slices.Contains(r.regions, region) {
			r.regions = append(r.regions, region)
		}
		for _, a := range []string{region, sub} {
			if a != "" && !slices.Contains(r.areas, a) {
				r.areas = append(r.areas, a)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT agreement_id, theme_code FROM agreement_themes WHERE workspace_id = $1`+only, ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		if i, ok := pos[id]; ok {
			ix.rows[i].themes = append(ix.rows[i].themes, code)
		}
	}
	return ix, rows.Err()
}

// textMatches returns the ids of the workspace's agreements that match every term,
// with a score when rank is asked (lower is better).
func (s *AgreementService) textMatches(ctx context.Context, ws int64, terms []string, rank bool) (map[int64]float64, error) {
	q, args := s.db.textScores("agreements", ws, terms, rank)
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]float64{}
	for rows.Next() {
		var id int64
		var sc float64
		if err := rows.Scan(&id, &sc); err != nil {
			return nil, err
		}
		out[id] = sc
	}
	return out, rows.Err()
}

// searchResult is one search: the matches in order, and the facets if asked.
type searchResult struct {
	ids    []int64
	facets *passerelle.AgreementFacets
}

// search filters the workspace's facet index, in memory, and counts the facets: each
// facet with every filter but its own.
func (s *AgreementService) search(ctx context.Context, act *passerelle.Actor, f passerelle.AgreementFilter, withFacets bool) (*searchResult, error) {
	ix, err := s.index(ctx, act.WorkspaceID)
	if err != nil {
		return nil, err
	}
	terms := passerelle.SearchTerms(f.Query)
	var text map[int64]float64
	if len(terms) > 0 {
		if text, err = s.textMatches(ctx, act.WorkspaceID, terms, !withFacets || f.Limit > 0); err != nil {
			return nil, err
		}
		if f.PublishedOnly {
			if text, err = s.publicMatches(ctx, act.WorkspaceID, text, terms); err != nil {
				return nil, err
			}
		}
	}
	day := today(s.db, f.Today)
	country := strings.ToUpper(strings.TrimSpace(f.Country))
	res := &searchResult{}
	var fc *passerelle.AgreementFacets
	// One map entry per facet value holds both its count and its amount: a single
	// lookup per row and value, the search's inner loop.
	type tally struct {
		n   int
		amt int64
	}
	var cnt [facetPartner + 1]map[string]*tally
	if withFacets {
		fc = &passerelle.AgreementFacets{}
		for i := range cnt {
			cnt[i] = map[string]*tally{}
		}
	}
	add := func(k facet, v string, amount int64) {
		t := cnt[k][v]
		if t == nil {
			t = &tally{}
			cnt[k][v] = t
		}
		t.n++
		t.amt = passerelle.AddCents(t.amt, amount)
	}
	for i := range ix.rows {
		r := &ix.rows[i]
		if !act.System && !r.shared && (r.owner == 0 || r.owner != act.MemberID) {
			continue
		}
		if f.PublishedOnly && (!r.published || !r.shared) {
			continue
		}
		if text != nil {
			if _, ok := text[r.id]; !ok {
				continue
			}
		}
		// failed is the one facet whose filter the row fails; two or more fails leave
		// it out of every count.
		failed, fails := facetNone, 0
		fail := func(k facet) {
			failed = k
			fails++
		}
		countries, regions, areas, partners := r.lists(act)
		if country != "" && !slices.Contains(countries, country) {
			fail(facetCountry)
		}
		if f.Region != "" && !slices.Contains(areas, f.Region) {
			fail(facetRegion)
		}
		if f.PartnerID != 0 && !slices.Contains(partners, f.PartnerID) {
			fail(facetPartner)
		}
		if f.Theme != "" && !slices.Contains(r.themes, f.Theme) {
			fail(facetTheme)
		}
		var status passerelle.AgreementStatus
		if f.Status != "" || withFacets {
			status = r.derive(day)
		}
		if f.Status != "" && status != f.Status {
			fail(facetStatus)
		}
		if f.Year != 0 && r.year != f.Year {
			fail(facetYear)
		}
		if f.Type != "" && r.typ != f.Type {
			fail(facetType)
		}
		if fails == 0 {
			res.ids = append(res.ids, r.id)
		}
		if !withFacets || fails > 1 {
			continue
		}
		if fails == 0 {
			fc.Total++
			fc.FundingCents = passerelle.AddCents(fc.FundingCents, r.funding)
		}
		on := func(k facet) bool { return fails == 0 || failed == k }
		if on(facetCountry) {
			for _, c := range countries {
				add(facetCountry, c, r.funding)
			}
		}
		if on(facetRegion) {
			for _, c := range regions {
				add(facetRegion, c, r.funding)
			}
		}
		if on(facetTheme) {
			for _, c := range r.themes {
				add(facetTheme, c, r.funding)
			}
		}
		if on(facetStatus) {
			add(facetStatus, string(status), r.funding)
		}
		if on(facetYear) && r.year != 0 {
			add(facetYear, strconv.Itoa(r.year), r.funding)
		}
		if on(facetType) {
			add(facetType, string(r.typ), r.funding)
		}
		if on(facetPartner) {
			for _, p := range partners {
				add(facetPartner, strconv.FormatInt(p, 10), r.funding)
			}
		}
	}
	if text != nil && (!withFacets || f.Limit > 0) {
		pos := make(map[int64]int, len(res.ids))
		for i, id := range res.ids {
			pos[id] = i // title order
		}
		sort.SliceStable(res.ids, func(i, j int) bool {
			a, b := res.ids[i], res.ids[j]
			if text[a] != text[b] {
				return text[a] < text[b]
			}
			return pos[a] < pos[b]
		})
	}
	if withFacets {
		for k, dst := range map[facet]*[]passerelle.FacetCount{facetCountry: &fc.Countries, facetRegion: &fc.Regions, facetTheme: &fc.Themes,
			facetStatus: &fc.Statuses, facetYear: &fc.Years, facetType: &fc.Types, facetPartner: &fc.Partners} {
			list := make([]passerelle.FacetCount, 0, len(cnt[k]))
			for v, t := range cnt[k] {
				c := passerelle.FacetCount{Value: v, Count: t.n, AmountCents: t.amt}
				if k == facetPartner {
					id, _ := strconv.ParseInt(v, 10, 64)
					c.Name = ix.names[id]
				}
				list = append(list, c)
			}
			if k == facetYear {
				sort.Slice(list, func(i, j int) bool { return list[i].Value > list[j].Value })
			} else {
				sort.Slice(list, func(i, j int) bool {
					if list[i].Count != list[j].Count {
						return list[i].Count > list[j].Count
					}
					return list[i].Value < list[j].Value
				})
			}
			if k == facetPartner && len(list) > 50 {
				list = list[:50]
			}
			*dst = list
		}
		res.facets = fc
	}
	return res, nil
}

// loadAgreementsByID reads the agreements of ids, complete, in the order of ids.
func (s *AgreementService) loadAgreementsByID(ctx context.Context, q queryer, act *passerelle.Actor, ids []int64, day string) ([]*passerelle.Agreement, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	w := &where{}
	w.scope(act, "a")
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	w.conds = append(w.conds, "a.id IN ("+strings.Join(ph, ",")+")")
	rows, err := q.QueryContext(ctx, `SELECT `+agreementColumns+` FROM agreements a`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*passerelle.Agreement, len(ids))
	for rows.Next() {
		a, err := scanAgreement(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*passerelle.Agreement, 0, len(ids))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			a.CurrentStatus = a.DeriveStatus(day)
			out = append(out, a)
		}
	}
	if err := loadAgreementLists(ctx, q, act, out); err != nil {
		return nil, err
	}
	return out, nil
}

// SearchAgreements returns one page of the matches, their number and the facets, from
// one pass over the workspace's facet index: what the register's list page shows.
func (s *AgreementService) SearchAgreements(ctx context.Context, f passerelle.AgreementFilter) ([]*passerelle.Agreement, int, *passerelle.AgreementFacets, error) {
	act, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	f.Limit = limitOf(f.Limit, 50, 1000)
	res, err := s.search(ctx, act, f, true)
	if err != nil {
		return nil, 0, nil, err
	}
	page, err := s.loadAgreementsByID(ctx, s.db.read, act, pageOf(res.ids, f.Offset, f.Limit), today(s.db, f.Today))
	if err != nil {
		return nil, 0, nil, err
	}
	return page, len(res.ids), res.facets, nil
}

func pageOf(ids []int64, offset, limit int) []int64 {
	offset = max(offset, 0)
	if offset >= len(ids) {
		return nil
	}
	return ids[offset:min(len(ids), offset+limit)]
}

// FindAgreements returns one page, complete with partners, funding and phases, and
// the number of matches.
func (s *AgreementService) FindAgreements(ctx context.Context, f passerelle.AgreementFilter) ([]*passerelle.Agreement, int, error) {
	act, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	f.Limit = limitOf(f.Limit, 50, 1000)
	res, err := s.search(ctx, act, f, false)
	if err != nil {
		return nil, 0, err
	}
	page, err := s.loadAgreementsByID(ctx, s.db.read, act, pageOf(res.ids, f.Offset, f.Limit), today(s.db, f.Today))
	if err != nil {
		return nil, 0, err
	}
	return page, len(res.ids), nil
}

// FacetAgreements counts the matches per facet value (Offset and Limit ignored).
func (s *AgreementService) FacetAgreements(ctx context.Context, f passerelle.AgreementFilter) (*passerelle.AgreementFacets, error) {
	act, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	f.Limit = 0
	res, err := s.search(ctx, act, f, true)
	if err != nil {
		return nil, err
	}
	return res.facets, nil
}

// EachAgreement calls fn with the matching agreements, complete, batch by batch in
// title order. It walks by keyset (title_key, id) and never counts, so that an export of
// the whole register reads each agreement once.
func (s *AgreementService) EachAgreement(ctx context.Context, f passerelle.AgreementFilter, batch int, fn func([]*passerelle.Agreement) error) error {
	act, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	batch = limitOf(batch, 500, 2000)
	day := today(s.db, f.Today)
	var lastKey string
	var lastID int64
	first := true
	for {
		w := &where{}
		from, _ := s.filterAgreements(w, act, filter{AgreementFilter: f, countOnly: true}, facetNone)
		if !first {
			k, i := w.arg(lastKey), w.arg(lastID)
			w.conds = append(w.conds, "(a.title_key > "+k+" OR (a.title_key = "+k+" AND a.id > "+i+"))")
		}
		q := `SELECT ` + agreementColumns + `, a.title_key FROM ` + from + w.String() + ` ORDER BY a.title_key, a.id` + fmt.Sprintf(" LIMIT %d", batch)
		rows, err := s.db.read.QueryContext(ctx, q, w.args...)
		if err != nil {
			return err
		}
		var list []*passerelle.Agreement
		for rows.Next() {
			var key string
			a, err := scanAgreement(rows, &key)
			if err != nil {
				rows.Close()
				return err
			}
			a.CurrentStatus = a.DeriveStatus(day)
			list = append(list, a)
			lastKey, lastID = key, a.ID
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		if err := loadAgreementLists(ctx, s.db.read, act, list); err != nil {
			return err
		}
		if err := fn(list); err != nil {
			return err
		}
		if len(list) < batch {
			return nil
		}
		first = false
	}
}
