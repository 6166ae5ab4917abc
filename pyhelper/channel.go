package pyhelper

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
)

// channelAuth authenticates the messages of one worker. Imported code runs
// in the worker process and can write to any of its descriptors, the
// response pipe included; a message counts only if it carries the HMAC of
// its body under the key this client handed the worker before anything was
// imported. docs/security.md states what this stops and what it cannot.
type channelAuth struct {
	key []byte
}

// errUnauthenticated marks a response line that is not the worker's.
var errUnauthenticated = errors.New("a message on the response channel failed authentication " +
	"(something in the worker process, such as imported code, wrote to it)")

func newChannelAuth() (*channelAuth, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("creating the worker channel key: %w", err)
	}
	return &channelAuth{key: key}, nil
}

// keyLine is the first line of the request pipe: the key in hex.
func (a *channelAuth) keyLine() []byte {
	return []byte(hex.EncodeToString(a.key) + "\n")
}

// macLen is the length of a frame's MAC: HMAC-SHA256 in hex.
const macLen = 2 * sha256.Size

// open checks a framed line ("<hex HMAC-SHA256> <json>") and returns the
// JSON body.
func (a *channelAuth) open(line []byte) ([]byte, error) {
	var sum []byte
	if len(line) > macLen {
		sum = a.mac(line[macLen+1:])
	}
	return a.openSummed(line, sum)
}

// openSummed is open for a line whose body's MAC is already computed
// (readFrame computes it as the line arrives).
func (a *channelAuth) openSummed(line, sum []byte) ([]byte, error) {
	if len(line) < macLen+1 || line[macLen] != ' ' {
		return nil, errUnauthenticated
	}
	got := make([]byte, sha256.Size)
	if _, err := hex.Decode(got, line[:macLen]); err != nil {
		return nil, errUnauthenticated
	}
	if !hmac.Equal(got, sum) {
		return nil, errUnauthenticated
	}
	return line[macLen+1:], nil
}

// newMAC is the keyed hash of one message's body.
func (a *channelAuth) newMAC() hash.Hash {
	return hmac.New(sha256.New, a.key)
}

func (a *channelAuth) mac(body []byte) []byte {
	h := a.newMAC()
	h.Write(body)
	return h.Sum(nil)
}

// frame is open's inverse (tests speak the protocol with it).
func (a *channelAuth) frame(body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(hex.EncodeToString(a.mac(body)))
	b.WriteByte(' ')
	b.Write(body)
	return b.Bytes()
}
