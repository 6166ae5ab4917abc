package term

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"unicode/utf8"
)

// AtomEncoding selects how atoms are written, which is what makes a
// SnakeBridge config_hash depend on the OTP release that wrote the lock.
type AtomEncoding int

const (
	// AtomsUTF8 is the OTP >= 26 default (minor_version 2):
	// SMALL_ATOM_UTF8_EXT, or ATOM_UTF8_EXT past 255 bytes.
	AtomsUTF8 AtomEncoding = iota
	// AtomsLatin1 is the OTP <= 25 default (minor_version 1): ATOM_EXT with
	// Latin-1 bytes when every character fits, UTF-8 tags otherwise.
	AtomsLatin1
)

// External term format tags (erl_ext_dist).
const (
	tagVersion         = 131
	tagNewFloat        = 70
	tagSmallInteger    = 97
	tagInteger         = 98
	tagAtom            = 100
	tagSmallTuple      = 104
	tagLargeTuple      = 105
	tagNil             = 106
	tagString          = 107
	tagList            = 108
	tagBinary          = 109
	tagSmallBig        = 110
	tagLargeBig        = 111
	tagMap             = 116
	tagAtomUTF8        = 118
	tagSmallAtomUTF8   = 119
	maxAtomCharacters  = 255
	maxFlatmapKeys     = 32
	maxStringExtLength = 65535
)

// Encode returns term_to_binary(t) for the given atom encoding, including
// the leading version byte.
func Encode(t Term, enc AtomEncoding) ([]byte, error) {
	canon, err := canonicalize(t, 0)
	if err != nil {
		return nil, err
	}
	e := encoder{enc: enc, buf: []byte{tagVersion}}
	if err := e.term(canon, 0); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// maxDepth bounds recursion so hostile input cannot exhaust the stack.
const maxDepth = 10000

type encoder struct {
	enc AtomEncoding
	buf []byte
}

func (e *encoder) term(t Term, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("term nested deeper than %d levels", maxDepth)
	}
	switch x := t.(type) {
	case Atom:
		return e.atom(string(x))
	case Binary:
		return e.binary(string(x))
	case Integer:
		return e.integer(x)
	case Float:
		e.float(float64(x))
		return nil
	case List:
		return e.list(x, depth)
	case Tuple:
		return e.tuple(x, depth)
	case Map:
		return e.mapTerm(x, depth)
	case nil:
		return fmt.Errorf("cannot encode a missing term")
	}
	return fmt.Errorf("cannot encode term of type %T", t)
}

func (e *encoder) u16(n int) { e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(n)) }
func (e *encoder) u32(n int) { e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n)) }

func (e *encoder) atom(a string) error {
	if !utf8.ValidString(a) {
		return fmt.Errorf("atom %q is not valid UTF-8", a)
	}
	if n := utf8.RuneCountInString(a); n > maxAtomCharacters {
		return fmt.Errorf("atom of %d characters exceeds the limit of %d", n, maxAtomCharacters)
	}
	if e.enc == AtomsLatin1 {
		if latin, ok := toLatin1(a); ok {
			e.buf = append(e.buf, tagAtom)
			e.u16(len(latin))
			e.buf = append(e.buf, latin...)
			return nil
		}
	}
	if len(a) <= 255 {
		e.buf = append(e.buf, tagSmallAtomUTF8, byte(len(a)))
	} else {
		e.buf = append(e.buf, tagAtomUTF8)
		e.u16(len(a))
	}
	e.buf = append(e.buf, a...)
	return nil
}

func toLatin1(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return nil, false
		}
		out = append(out, byte(r))
	}
	return out, true
}

func (e *encoder) binary(s string) error {
	if int64(len(s)) > math.MaxUint32 {
		return fmt.Errorf("binary of %d bytes is too large", len(s))
	}
	e.buf = append(e.buf, tagBinary)
	e.u32(len(s))
	e.buf = append(e.buf, s...)
	return nil
}

func (e *encoder) integer(i Integer) error {
	v := i.V
	if v == nil {
		return fmt.Errorf("cannot encode an integer without a value")
	}
	switch {
	case v.Sign() >= 0 && v.IsInt64() && v.Int64() <= 255:
		e.buf = append(e.buf, tagSmallInteger, byte(v.Int64()))
	case v.IsInt64() && v.Int64() >= math.MinInt32 && v.Int64() <= math.MaxInt32:
		e.buf = append(e.buf, tagInteger)
		e.u32(int(int32(v.Int64())))
	default:
		return e.bigInteger(v)
	}
	return nil
}

func (e *encoder) bigInteger(v *big.Int) error {
	mag := new(big.Int).Abs(v).Bytes() // big-endian
	n := len(mag)
	if n <= 255 {
		e.buf = append(e.buf, tagSmallBig, byte(n))
	} else {
		e.buf = append(e.buf, tagLargeBig)
		e.u32(n)
	}
	if v.Sign() < 0 {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
	for i := n - 1; i >= 0; i-- {
		e.buf = append(e.buf, mag[i])
	}
	return nil
}

func (e *encoder) float(f float64) {
	e.buf = append(e.buf, tagNewFloat)
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(f))
}

func (e *encoder) list(l List, depth int) error {
	if len(l) == 0 {
		e.buf = append(e.buf, tagNil)
		return nil
	}
	// The runtime writes a list of bytes as STRING_EXT; charlists hash this way.
	if bytes, ok := byteList(l); ok {
		e.buf = append(e.buf, tagString)
		e.u16(len(bytes))
		e.buf = append(e.buf, bytes...)
		return nil
	}
	e.buf = append(e.buf, tagList)
	e.u32(len(l))
	for _, el := range l {
		if err := e.term(el, depth+1); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, tagNil)
	return nil
}

func byteList(l List) ([]byte, bool) {
	if len(l) > maxStringExtLength {
		return nil, false
	}
	out := make([]byte, len(l))
	for i, el := range l {
		n, ok := el.(Integer)
		if !ok || n.V == nil || n.V.Sign() < 0 || !n.V.IsInt64() || n.V.Int64() > 255 {
			return nil, false
		}
		out[i] = byte(n.V.Int64())
	}
	return out, true
}

func (e *encoder) tuple(t Tuple, depth int) error {
	if len(t) <= 255 {
		e.buf = append(e.buf, tagSmallTuple, byte(len(t)))
	} else {
		e.buf = append(e.buf, tagLargeTuple)
		e.u32(len(t))
	}
	for _, el := range t {
		if err := e.term(el, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// mapTerm writes a flatmap; canonicalize already put its keys in term
// order, which is how the runtime keeps them. Larger maps are HAMTs whose
// order depends on internal hashing we do not reproduce.
func (e *encoder) mapTerm(m Map, depth int) error {
	if len(m.Keys) > maxFlatmapKeys {
		return fmt.Errorf("maps with more than %d keys cannot be encoded byte-exactly", maxFlatmapKeys)
	}
	e.buf = append(e.buf, tagMap)
	e.u32(len(m.Keys))
	for i := range m.Keys {
		if err := e.term(m.Keys[i], depth+1); err != nil {
			return err
		}
		if err := e.term(m.Values[i], depth+1); err != nil {
			return err
		}
	}
	return nil
}
