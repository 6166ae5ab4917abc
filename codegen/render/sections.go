package render

import (
	"bytes"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// A file is printed in sections: its head (the header comments, the
// defmodule line and the first statement groups) and then one section per
// wrapper. The formatter prints a group of a module body the same wherever
// it stands: after an empty line, at indentation 2, with no state carried
// over from the group before. So the sections of every file of a library
// are formatted independently, in parallel, and spliced together; and a
// section with a key (a method that classes share: numpy's scalar types
// all have the same ~150) is formatted once per Library call.
//
// Each section is printed inside a module whose body starts with a
// placeholder statement followed by an empty line, which gives its first
// statement the same context as in the real file; the placeholder is then
// cut off. spliceTest (sections_test.go) checks that splicing prints what
// formatting the whole tree at once prints.

// section is one run of statement groups of a module body.
type section struct {
	// build makes the groups; it runs on a rendering goroutine and must
	// only read the renderer.
	build func() [][]exfmt.Node
	// key, when set, names the section's content: sections with equal keys
	// print the same text.
	key  sectionKey
	text []byte
}

// skeleton is a file before its sections are printed.
type skeleton struct {
	path     string
	comments []string
	module   string
	head     [][]exfmt.Node
	sections []*section
	headText []byte
}

// placeholder is the statement a section is printed after; placeholderName
// cannot clash with a generated attribute (they are doc, spec, moduledoc
// and opaque).
const placeholderName = "snakebridge_section"

var placeholder = exfmt.Stmt{Node: attr(placeholderName, integer(1)), BlankAfter: true}

const (
	sectionModule = "M"
	sectionPrefix = "defmodule " + sectionModule + " do\n  @" + placeholderName + " 1\n\n"
	headSuffix    = "  @" + placeholderName + " 1\nend\n"
	moduleEnd     = "end\n"
)

// groupsBlock is a module body of groups separated by empty lines, with
// extra statements before and after them.
func groupsBlock(before []exfmt.Stmt, groups [][]exfmt.Node, after []exfmt.Stmt) *exfmt.Block {
	blk := moduleBlock(groups)
	stmts := make([]exfmt.Stmt, 0, len(before)+len(blk.Stmts)+len(after))
	stmts = append(append(append(stmts, before...), blk.Stmts...), after...)
	return &exfmt.Block{Stmts: stmts}
}

// printSection prints a section's groups as lines of a module body, each
// indented by 2 and ending with a newline.
func printSection(p *exfmt.Printer, groups [][]exfmt.Node) ([]byte, error) {
	out := p.Source(nil, defmodule(sectionModule, groupsBlock([]exfmt.Stmt{placeholder}, groups, nil)))
	if !bytes.HasPrefix(out, []byte(sectionPrefix)) || !bytes.HasSuffix(out, []byte(moduleEnd)) {
		return nil, fmt.Errorf("printing a section: unexpected formatter output %.80q", out)
	}
	return out[len(sectionPrefix) : len(out)-len(moduleEnd)], nil
}

// printHead prints a file up to its first section: the result ends with
// the empty line that separates the head from what follows.
func printHead(p *exfmt.Printer, s *skeleton) ([]byte, error) {
	out := p.Source(s.comments, defmodule(s.module, groupsBlock(nil, s.head, []exfmt.Stmt{placeholder})))
	if !bytes.HasSuffix(out, []byte(headSuffix)) {
		return nil, fmt.Errorf("printing the head of %s: unexpected formatter output", s.path)
	}
	return out[:len(out)-len(headSuffix)], nil
}

// assemble joins a file's printed head and sections.
func (s *skeleton) assemble() []byte {
	if len(s.sections) == 0 {
		// The head's empty line separates nothing: the module ends.
		head := s.headText[:len(s.headText)-1]
		return append(append(make([]byte, 0, len(head)+len(moduleEnd)), head...), moduleEnd...)
	}
	n := len(s.headText) + len(moduleEnd)
	for _, sec := range s.sections {
		n += len(sec.text) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, s.headText...)
	for i, sec := range s.sections {
		if i > 0 {
			out = append(out, '\n')
		}
		out = append(out, sec.text...)
	}
	return append(out, moduleEnd...)
}

// sectionMemo holds the text of keyed sections for one Library call, each
// printed by the first goroutine that needs it.
type sectionMemo struct {
	mu      sync.Mutex
	entries map[sectionKey]*memoEntry
}

type memoEntry struct {
	once sync.Once
	text []byte
	err  error
}

func (m *sectionMemo) entry(key sectionKey) *memoEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[sectionKey]*memoEntry{}
	}
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry{}
		m.entries[key] = e
	}
	return e
}

// print prints a section, once per key.
func (m *sectionMemo) print(p *exfmt.Printer, sec *section) ([]byte, error) {
	if sec.key == (sectionKey{}) {
		return printSection(p, sec.build())
	}
	e := m.entry(sec.key)
	e.once.Do(func() { e.text, e.err = printSection(p, sec.build()) })
	return e.text, e.err
}

// parallel runs work(p, i) for i in [0, n) on up to GOMAXPROCS goroutines,
// each with its own printer, and returns the first error.
func parallel(n int, work func(p *exfmt.Printer, i int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p exfmt.Printer
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := work(&p, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// printBatch is how many files printFiles prints at a time: enough to
// keep every core busy, few enough that a batch is small.
const printBatch = 64

// printFiles plans, prints and assembles the files, printBatch at a time,
// and hands each batch to emit: planning is per file, printing per
// section across the batch's files.
func (r *renderer) printFiles(plans []func() *skeleton, emit func([]File) error) error {
	var memo sectionMemo
	for start := 0; start < len(plans); start += printBatch {
		files, err := r.printBatch(plans[start:min(start+printBatch, len(plans))], &memo)
		if err != nil {
			return err
		}
		sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
		if err := emit(files); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) printBatch(plans []func() *skeleton, memo *sectionMemo) ([]File, error) {
	skeletons := make([]*skeleton, len(plans))
	_ = parallel(len(plans), func(_ *exfmt.Printer, i int) error {
		skeletons[i] = plans[i]()
		return nil
	})
	type job struct {
		file *skeleton
		sec  *section // nil: the head
	}
	var jobs []job
	for _, s := range skeletons {
		jobs = append(jobs, job{file: s})
		for _, sec := range s.sections {
			jobs = append(jobs, job{file: s, sec: sec})
		}
	}
	err := parallel(len(jobs), func(p *exfmt.Printer, i int) error {
		j := jobs[i]
		var err error
		if j.sec == nil {
			j.file.headText, err = printHead(p, j.file)
		} else {
			j.sec.text, err = memo.print(p, j.sec)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	files := make([]File, len(skeletons))
	for i, s := range skeletons {
		files[i] = File{Path: s.path, Content: s.assemble()}
	}
	return files, nil
}
