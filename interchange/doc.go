// Package interchange reads and writes the files that carry a network's data in and
// out of passerelle: ROR dumps, the agreements register in the Atlas's fields (CSV,
// XLSX, JSON) and the directory's exports. It holds no database code: readers return
// plain values that the store saves, writers take plain values the store read.
package interchange
