package web

import (
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
	Label string
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
		row := themeRow{Label: label(s.Theme), Y: i * themeRowHeight}
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
