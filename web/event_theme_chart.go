package web

import (
	"strings"
	"unicode/utf8"

	"passerelle/store"
)

// themeChart is the statistics' grouped bar chart by theme (server-rendered SVG): for
// each theme of the participants' profiles, three bars — requests, meetings held,
// meetings that led further — on one scale.
type themeChart struct {
	Rows   []themeRow
	Height int
}

type themeRow struct {
	Label string   // whole, for the row's tooltip
	Lines []string // what fits left of the bars, on two lines at most
	Y     int
	Bars  [3]themeBar // requests, held, further
}

type themeBar struct {
	N, Width, Y int // Y within the row
	Fill        string
}

// themeBarColors are the three bars' fills, in the legend's order.
var themeBarColors = [3]string{"#3b6ea5", "#4c9a6a", "#c98a2b"}

const themeRowHeight = 3*16 + 12 // three bars of 14 and their gaps, and the gap between themes

// newThemeChart lays out the first 15 themes (most requested first); label names a
// theme by its code.
func newThemeChart(stats []store.ThemeStat, label func(string) string) themeChart {
	if len(stats) > 15 {
		stats = stats[:15]
	}
	max := 0
	for _, s := range stats {
		max = maxInt(max, s.Requests, s.Held, s.Further)
	}
	c := themeChart{Height: len(stats)*themeRowHeight + 4}
	for i, s := range stats {
		l := label(s.Theme)
		row := themeRow{Label: l, Lines: fitLabel(l, 2), Y: i * themeRowHeight}
		for j, n := range [3]int{s.Requests, s.Held, s.Further} {
			w := 0
			if max > 0 {
				w = n * 300 / max
			}
			row.Bars[j] = themeBar{N: n, Width: w, Y: j * 16, Fill: themeBarColors[j]}
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

func maxInt(xs ...int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// chartLabelRunes is about what the 155 pixels left of a chart's bars hold at 13 px.
const chartLabelRunes = 22

// fitLabel breaks a chart's label into at most lines lines of chartLabelRunes runes, at
// spaces where it can, the last line cut with an ellipsis: a longer label would run
// under the bars ("Biotechnologies de la santé", a country's long name).
func fitLabel(s string, lines int) []string {
	words := strings.Fields(s)
	var out []string
	for len(out) < lines-1 && len(words) > 0 {
		cur := words[0]
		if r := []rune(cur); len(r) > chartLabelRunes {
			out, words[0] = append(out, string(r[:chartLabelRunes])), string(r[chartLabelRunes:])
			continue
		}
		words = words[1:]
		for len(words) > 0 && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(words[0]) <= chartLabelRunes {
			cur, words = cur+" "+words[0], words[1:]
		}
		out = append(out, cur)
	}
	if len(words) > 0 {
		last := []rune(strings.Join(words, " "))
		if len(last) > chartLabelRunes {
			last = append([]rune(strings.TrimRight(string(last[:chartLabelRunes-1]), " ")), '…')
		}
		out = append(out, string(last))
	}
	return out
}
