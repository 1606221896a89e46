// Package main is the library the call-overhead benchmarks call. Every function does O(1) work,
// so that a call measures the crossing (koffi, cgo, the binding) and not the function.
package main

/*
#include <stdlib.h>
*/
import "C"

import "time"

// add returns a+b.
//
//export add
func add(a, b int) int { return a + b }

// StrLen returns len(s) in bytes; Go does not read the bytes.
//
//export StrLen
func StrLen(s string) int { return len(s) }

// Last returns the last element of xs (0 when empty): it reads one element, at the far end, so
// the whole slice must have reached Go, but only one element is touched.
//
//export Last
func Last(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}

// Greet returns a 16-byte greeting in C memory; the caller frees it.
//
//export Greet
func Greet() *C.char { return C.CString("hello from Go!!!") }

// Sleep blocks for ms milliseconds and returns ms: a long Go call, for what Async does to the rest of Node.
//
//export Sleep
func Sleep(ms int32) int32 {
	time.Sleep(time.Duration(ms) * time.Millisecond)
	return ms
}

func main() {}
