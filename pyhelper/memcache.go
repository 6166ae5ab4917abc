package pyhelper

import (
	"container/list"
	"sync"
)

// memoryCache keeps recent responses of a client (validated by fingerprint
// on every hit like disk entries), bounded by the size of their documents.
type memoryCache struct {
	mu      sync.Mutex
	max     int
	size    int
	order   *list.List // front = most recent; values are *memoryEntry
	entries map[string]*list.Element
}

type memoryEntry struct {
	key         string
	resp        *Response
	fingerprint string
}

func newMemoryCache(max int) *memoryCache {
	return &memoryCache{max: max, order: list.New(), entries: map[string]*list.Element{}}
}

func (m *memoryCache) get(key string) (*Response, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.entries[key]
	if !ok {
		return nil, ""
	}
	m.order.MoveToFront(el)
	entry := el.Value.(*memoryEntry)
	return entry.resp, entry.fingerprint
}

func (m *memoryCache) put(key string, resp *Response, fingerprint string) {
	if len(resp.Raw) > m.max {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[key]; ok {
		m.size -= len(el.Value.(*memoryEntry).resp.Raw)
		m.order.Remove(el)
	}
	m.entries[key] = m.order.PushFront(&memoryEntry{key: key, resp: resp, fingerprint: fingerprint})
	m.size += len(resp.Raw)
	for m.size > m.max {
		last := m.order.Back()
		entry := last.Value.(*memoryEntry)
		m.order.Remove(last)
		delete(m.entries, entry.key)
		m.size -= len(entry.resp.Raw)
	}
}

func (m *memoryCache) remove(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[key]; ok {
		m.size -= len(el.Value.(*memoryEntry).resp.Raw)
		m.order.Remove(el)
		delete(m.entries, key)
	}
}
