package passerelle

import "strings"

// KPIFilter narrows the figures: Year 0 means every year; MemberID 0 the whole network
// (what members share, and the caller's own private records); OrganizationID 0 every
// organisation.
type KPIFilter struct {
	Year           int
	MemberID       int64
	OrganizationID int64
	// Country (ISO 3166, "" for every country) narrows the figures to what was done with
	// that country's organisations (docs/pipeline.md).
	Country string
}

// KPIs are the network's figures for one year (0: all years) and one member (nil: the
// network). Each is a query over records, never a stored total. Money is in euro cents.
type KPIs struct {
	Year   int           `json:"year"`
	Member *MemberRef    `json:"member"`
	Counts KPICounts     `json:"-"`
	Money  KPIMoneyCents `json:"-"`
}

// MemberRef names a member organisation in figures and reports.
type MemberRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// MemberSlug names a member in commands and addresses: its name folded (lower case,
// no accents), words joined by hyphens ("Institut Carnot Énergie" -> "institut-carnot-energie").
func MemberSlug(name string) string {
	return strings.Join(strings.Fields(Fold(name)), "-")
}

// KPICounts are the figures that count records.
type KPICounts struct {
	CompaniesMetAbroad int // distinct foreign organisations with a held meeting
	MeetingsHeld       int
	// MeetingsWithOpportunity are the held meetings linked to an opportunity: with
	// Opportunities and OpportunitiesWon, the conversion meeting → opportunity → won.
	MeetingsWithOpportunity int
	EUProjects              int // EU collaborative project participations
	EUProjectsCoordinated   int // of which as coordinator
	AgreementsSigned        int
	Opportunities           int // opened in the period
	OpportunitiesWon        int
}

// KPIMoneyCents are the figures in euro cents.
type KPIMoneyCents struct {
	RDContractsForeign int64 // R&D contracts financed by foreign companies
	EUProjects         int64 // the members' EU contribution
	PartnershipRevenue int64 // every partnership revenue: contracts, EU projects, licences
}

// ForeignSharePct is the share of R&D contracts financed abroad and EU projects in all
// partnership revenue, in percent with one decimal; 0 when there is no revenue.
func (k KPIs) ForeignSharePct() float64 {
	if k.Money.PartnershipRevenue <= 0 {
		return 0
	}
	p := float64(k.Money.RDContractsForeign+k.Money.EUProjects) * 100 / float64(k.Money.PartnershipRevenue)
	return float64(int64(p*10+0.5)) / 10
}
