package match

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"testing"
)

func TestZZWords(t *testing.T) {
	f, err := os.Open("/tmp/mq/misses.txt")
	if err != nil {
		t.Skip()
	}
	re := regexp.MustCompile(`^MISS (label|alias|acronym) (\w+) "(.*)" \((\w*)\) for "(.*)"; best (.*)`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		a, b := Tokens(m[3]), Tokens(m[5])
		var oa, ob []string
		for _, w := range a {
			if !contains(b, w) {
				oa = append(oa, w)
			}
		}
		for _, w := range b {
			if !contains(a, w) {
				ob = append(ob, w)
			}
		}
		best := m[6]
		if len(best) > 50 {
			best = best[:50]
		}
		fmt.Printf("%s\t%s\t%s\t%q\t%q\t%v\t%v\t%s\n", m[1], m[2], m[4], m[3], m[5], oa, ob, best)
	}
}
