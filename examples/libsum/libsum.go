// Package main is the classic libsum: a Go function called from another language.
// Build it as a C shared library, and generate its TypeScript module, with
//
//	gen-bindings build libsum.go
package main

import "C"

// add returns the sum of a and b. Go's int is 64 bits wide, and so is the
// binding: add(2**40, 2**40) is exact.
//
//export add
func add(a, b int) int {
	return a + b
}

func main() {}
