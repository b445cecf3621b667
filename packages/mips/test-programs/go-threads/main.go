// Goroutines, channels, a mutex and the garbage collector under allocation pressure, for cannon64
// (GOOS=linux GOARCH=mips64 GOMIPS64=softfloat, Debian's Go 1.19): the Go runtime starts threads
// with clone, parks them on futexes, reads the clock and allocates with mmap. The output is
// deterministic, so the VM and qemu-mips64 must print the same text; exit 0.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
)

type node struct {
	next *node
	data []byte
}

func main() {
	// A pipeline: producers → squarer workers → one collector, over buffered and unbuffered channels.
	jobs := make(chan int)
	results := make(chan int, 8)
	var workers sync.WaitGroup
	for w := 0; w < 4; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		for i := 1; i <= 200; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		workers.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares 1..200:", sum)

	// A mutex-protected map updated by many goroutines.
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				mu.Lock()
				counts[(g*7+i)%13]++
				mu.Unlock()
				if i%100 == 0 {
					runtime.Gosched()
				}
			}
		}(g)
	}
	wg.Wait()
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	total := 0
	for _, k := range keys {
		total += counts[k]
	}
	fmt.Println("buckets:", len(keys), "total:", total, "bucket 0:", counts[0])

	// Allocation pressure: 16 MiB allocated in total, at most ~2 MiB live, so the GC must run.
	var head *node
	live := 0
	for i := 0; i < 2048; i++ {
		n := &node{next: head, data: make([]byte, 8192)}
		n.data[i%8192] = byte(i)
		head = n
		live++
		if live > 256 {
			// drop the tail
			p := head
			for k := 0; k < 127; k++ {
				p = p.next
			}
			p.next = nil
			live = 128
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("live nodes:", live, "gc ran:", ms.NumGC > 0)
	if ms.NumGC == 0 {
		os.Exit(3)
	}
}
