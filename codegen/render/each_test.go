package render

import (
	"errors"
	"testing"
)

// TestEachBatches: Each hands the files over a batch at a time (so the
// generator writes sympy's 190 MB of files without holding them), each
// batch sorted, together exactly Library's files; an error of emit stops
// the rendering.
func TestEachBatches(t *testing.T) {
	lib, m := syntheticManifest() // 221 files
	want, err := Library(lib, m, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []File
	batches := 0
	err = Each(lib, m, testOptions, func(files []File) error {
		batches++
		if len(files) > printBatch {
			t.Errorf("a batch of %d files, more than %d", len(files), printBatch)
		}
		for i := 1; i < len(files); i++ {
			if files[i-1].Path >= files[i].Path {
				t.Errorf("batch %d is not sorted: %s before %s", batches, files[i-1].Path, files[i].Path)
			}
		}
		got = append(got, files...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if batches < 2 {
		t.Fatalf("%d batch(es) for %d files", batches, len(want))
	}
	byPath := map[string]string{}
	for _, f := range got {
		byPath[f.Path] = string(f.Content)
	}
	if len(byPath) != len(want) || len(got) != len(want) {
		t.Fatalf("Each gave %d files (%d paths), Library %d", len(got), len(byPath), len(want))
	}
	for _, f := range want {
		if byPath[f.Path] != string(f.Content) {
			t.Fatalf("%s differs between Each and Library", f.Path)
		}
	}

	stop := errors.New("disk full")
	calls := 0
	err = Each(lib, m, testOptions, func([]File) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("emit failing: err %v after %d calls, want disk full after 1", err, calls)
	}
}
