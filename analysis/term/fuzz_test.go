package term

import (
	"math/big"
	"testing"
)

// termFromBytes builds an arbitrary term from fuzz input, so the encoder
// meets shapes (deep nesting, huge integers, odd atoms) no test lists.
func termFromBytes(data []byte) Term {
	d := decoderFromBytes{data: data}
	return d.term(0)
}

type decoderFromBytes struct {
	data []byte
	pos  int
}

func (d *decoderFromBytes) next() byte {
	if d.pos >= len(d.data) {
		return 0
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *decoderFromBytes) chunk() string {
	n := int(d.next() % 40)
	end := min(d.pos+n, len(d.data))
	s := string(d.data[d.pos:end])
	d.pos = end
	return s
}

func (d *decoderFromBytes) term(depth int) Term {
	switch d.next() % 8 {
	case 0:
		return Atom(d.chunk())
	case 1:
		return Binary(d.chunk())
	case 2:
		return Integer{V: new(big.Int).SetBytes([]byte(d.chunk()))}
	case 3:
		return Integer{V: new(big.Int).Neg(new(big.Int).SetBytes([]byte(d.chunk())))}
	case 4:
		return Float(float64(int8(d.next())) / 3)
	case 5, 6:
		n := int(d.next() % 5)
		l := make(List, 0, n)
		for range n {
			if d.pos >= len(d.data) {
				break
			}
			l = append(l, d.term(depth+1))
		}
		if d.next()%2 == 0 {
			return Tuple(l)
		}
		return l
	default:
		m := Map{}
		n := int(d.next() % 4)
		for range n {
			if d.pos >= len(d.data) {
				break
			}
			m.Keys = append(m.Keys, d.term(depth+1))
			m.Values = append(m.Values, d.term(depth+1))
		}
		return m
	}
}

func FuzzEncode(f *testing.F) {
	f.Add([]byte{0, 3, 'a', 'b', 'c'})
	f.Add([]byte{5, 3, 2, 200, 1, 0, 2, 'h', 'i', 1})
	f.Add([]byte{7, 2, 0, 1, 'k', 2, 2, 1, 1, 0, 1, 'j', 4, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := termFromBytes(data)
		for _, enc := range []AtomEncoding{AtomsUTF8, AtomsLatin1} {
			out, err := Encode(tm, enc)
			if err == nil && (len(out) == 0 || out[0] != tagVersion) {
				t.Fatalf("encoding lacks the version byte: %x", out)
			}
		}
		_ = Inspect(tm)
	})
}
