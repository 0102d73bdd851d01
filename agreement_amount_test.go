package passerelle

import (
	"math"
	"strings"
	"testing"
)

// TestFundingAmountsBounded: two lines of the largest int64 wrapped the total round to
// a negative number; an amount beyond any real budget is refused, and totals saturate
// rather than wrap.
func TestFundingAmountsBounded(t *testing.T) {
	a := &Agreement{Title: "Overflow", Funding: []FundingLine{{Funder: "A", AmountCents: math.MaxInt64}, {Funder: "B", AmountCents: math.MaxInt64}}}
	if _, _, total := a.FundingTotals(); total < 0 {
		t.Errorf("the total wrapped round: %d", total)
	}
	err := a.Validate()
	if fs := ErrorFields(err); fs["funding[0].amount"] == "" || fs["funding[1].amount"] == "" {
		t.Errorf("MaxInt64 accepted: %v", err)
	}
	ok := &Agreement{Title: "Largest", Funding: []FundingLine{{Funder: "A", AmountCents: MaxAmountCents}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("the largest amount refused: %v", err)
	}
	over := &Agreement{Title: "Over", Funding: []FundingLine{{Funder: "A", Amount: "10000000000000.01"}, {Funder: "W", AmountCents: 1, WaterCents: new(int64)}}}
	*over.Funding[1].WaterCents = MaxAmountCents + 1
	fs := ErrorFields(over.Validate())
	if !strings.Contains(fs["funding[0].amount"], "more than") || fs["funding[1].water_cents"] == "" {
		t.Errorf("over the bound: %v", fs)
	}
	// Many lines at the bound: the agreement's total is bounded too.
	many := &Agreement{Title: "Many"}
	for range 20 {
		many.Funding = append(many.Funding, FundingLine{Funder: "A", AmountCents: MaxAmountCents})
	}
	if ErrorFields(many.Validate())["funding"] == "" {
		t.Errorf("a total of 20 maximal lines accepted")
	}
	for _, tc := range []struct{ a, b, want int64 }{
		{1, 2, 3}, {math.MaxInt64, 1, math.MaxInt64}, {math.MinInt64, -1, math.MinInt64}, {math.MaxInt64, math.MinInt64, -1},
	} {
		if got := AddCents(tc.a, tc.b); got != tc.want {
			t.Errorf("AddCents(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if _, err := ParseAmount("92233720368547758.07"); err == nil {
		t.Error("ParseAmount accepts an amount beyond the bound")
	}
}
