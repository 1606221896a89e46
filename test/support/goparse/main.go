// goparse reads Go file paths, one a line on standard input, and prints for each a JSON line:
// whether go/parser (as cgo calls it) reports a syntax error, the first error, and the functions cgo's
// rule exports (cmd/cgo/ast.go saveExport: a FuncDecl whose doc comment has a line "//export NAME";
// only the first such line counts). The parity test compares gen-bindings' parser with this.
package main

import (
	"bufio"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
)

type result struct {
	File    string      `json:"file"`
	Error   string      `json:"error"`
	Exports [][2]string `json:"exports"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		name := in.Text()
		r := result{File: name, Exports: [][2]string{}}
		src, err := os.ReadFile(name)
		if err != nil {
			r.Error = err.Error()
		} else {
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution|parser.ParseComments)
			if err != nil {
				r.Error = err.Error()
			} else {
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || fd.Doc == nil {
						continue
					}
					for _, c := range fd.Doc.List {
						if strings.HasPrefix(c.Text, "//export ") {
							r.Exports = append(r.Exports, [2]string{fd.Name.Name, strings.TrimSpace(c.Text[9:])})
							break
						}
					}
				}
			}
		}
		if err := enc.Encode(r); err != nil {
			panic(err)
		}
	}
}
