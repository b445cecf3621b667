// Pre-image client in Go (GOARCH=mips GOMIPS=softfloat), the shape of op-program's client:
// reads local key 1 (a 32-byte hash H) and local key 2 (a claimed length, u64 BE), sends the
// hint "keccak-preimage 0x<H>", reads the keccak pre-image of H, checks it hashes to H (else
// exit 2) and exits 0 when its length equals the claim, 1 otherwise. fds as in op-preimage:
// 3 hint read, 4 hint write, 5 pre-image read, 6 pre-image write.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/bits"
	"os"
)

var rc = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
	0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}
var rotc = [24]int{1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44}
var piln = [24]int{10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1}

func keccakF(st *[25]uint64) {
	var bc [5]uint64
	for round := 0; round < 24; round++ {
		for i := 0; i < 5; i++ {
			bc[i] = st[i] ^ st[i+5] ^ st[i+10] ^ st[i+15] ^ st[i+20]
		}
		for i := 0; i < 5; i++ {
			t := bc[(i+4)%5] ^ bits.RotateLeft64(bc[(i+1)%5], 1)
			for j := 0; j < 25; j += 5 {
				st[j+i] ^= t
			}
		}
		t := st[1]
		for i := 0; i < 24; i++ {
			j := piln[i]
			b := st[j]
			st[j] = bits.RotateLeft64(t, rotc[i])
			t = b
		}
		for j := 0; j < 25; j += 5 {
			copy(bc[:], st[j:j+5])
			for i := 0; i < 5; i++ {
				st[j+i] ^= ^bc[(i+1)%5] & bc[(i+2)%5]
			}
		}
		st[0] ^= rc[round]
	}
}

func keccak256(data []byte) [32]byte {
	var st [25]uint64
	block := make([]byte, 136)
	for len(data) >= 136 {
		for i := 0; i < 17; i++ {
			st[i] ^= binary.LittleEndian.Uint64(data[8*i:])
		}
		keccakF(&st)
		data = data[136:]
	}
	copy(block, data)
	block[len(data)] ^= 0x01
	block[135] ^= 0x80
	for i := 0; i < 17; i++ {
		st[i] ^= binary.LittleEndian.Uint64(block[8*i:])
	}
	keccakF(&st)
	var out [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(out[8*i:], st[i])
	}
	return out
}

var (
	hintR     = os.NewFile(3, "hint-read")
	hintW     = os.NewFile(4, "hint-write")
	preimageR = os.NewFile(5, "preimage-read")
	preimageW = os.NewFile(6, "preimage-write")
)

func get(key [32]byte) []byte {
	if _, err := preimageW.Write(key[:]); err != nil {
		panic(err)
	}
	var l [8]byte
	if _, err := io.ReadFull(preimageR, l[:]); err != nil {
		panic(err)
	}
	out := make([]byte, binary.BigEndian.Uint64(l[:]))
	if _, err := io.ReadFull(preimageR, out); err != nil {
		panic(err)
	}
	return out
}

func hint(s string) {
	msg := make([]byte, 4+len(s))
	binary.BigEndian.PutUint32(msg, uint32(len(s)))
	copy(msg[4:], s)
	if _, err := hintW.Write(msg); err != nil {
		panic(err)
	}
	var ack [1]byte
	if _, err := io.ReadFull(hintR, ack[:]); err != nil {
		panic(err)
	}
}

func local(i byte) (k [32]byte) {
	k[0] = 1
	k[31] = i
	return
}

func main() {
	h := get(local(1))
	claim := binary.BigEndian.Uint64(get(local(2)))
	hint("keccak-preimage 0x" + hex.EncodeToString(h))
	var key [32]byte
	copy(key[:], h)
	key[0] = 2
	data := get(key)
	sum := keccak256(data)
	if hex.EncodeToString(sum[1:]) != hex.EncodeToString(h[1:]) {
		fmt.Fprintln(os.Stderr, "pre-image does not hash to its key")
		os.Exit(2)
	}
	if uint64(len(data)) != claim {
		fmt.Println("claim invalid")
		os.Exit(1)
	}
	fmt.Println("claim valid")
	os.Exit(0)
}
