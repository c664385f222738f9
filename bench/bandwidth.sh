#!/bin/sh
# bench/bandwidth.sh: aibench probe's memory bandwidth next to mbw, sysbench memory and
# likwid-bench, each run with every core over arrays far larger than the caches, on this
# machine, in one run. Prints figures and ratios; asserts nothing.
# Needs: apt-get install mbw sysbench likwid (bench only; not needed to build or test).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/aibench
T=$(nproc)
for tool in mbw sysbench likwid-bench; do
    command -v $tool >/dev/null 2>&1 || echo "($tool is missing: apt-get install mbw sysbench likwid)"
done
echo "threads: $T; arrays of 512 MiB (1 GiB for likwid's working set per stream set)"
ours=$(build/aibench probe --json --threads "$T" --runs 5 --size 512 | jq -r '.bandwidth | "\(.read_best_gbs) \(.copy_best_gbs) \(.triad_best_gbs)"')
set -- $ours
a_read=$1 a_copy=$2 a_triad=$3
printf '%-34s read %7.1f GB/s   copy %7.1f   triad %7.1f\n' "aibench probe (best of 5)" "$a_read" "$a_copy" "$a_triad"

best_read=0 best_copy=0 best_triad=0
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
if command -v likwid-bench >/dev/null 2>&1; then
    l_read=$(likwid-bench -t load_avx -W N:1GB:"$T" 2>/dev/null | awk '/MByte\/s/ {print $2 / 1000}')
    l_copy=$(likwid-bench -t copy_avx -W N:1GB:"$T" 2>/dev/null | awk '/MByte\/s/ {print $2 / 1000}')
    l_triad=$(likwid-bench -t stream_avx -W N:1GB:"$T" 2>/dev/null | awk '/MByte\/s/ {print $2 / 1000}')
    printf '%-34s read %7.1f GB/s   copy %7.1f   triad %7.1f\n' "likwid-bench load/copy/stream_avx" "${l_read:-0}" "${l_copy:-0}" "${l_triad:-0}"
    best_read=$(max "$best_read" "${l_read:-0}"); best_copy=$(max "$best_copy" "${l_copy:-0}"); best_triad=$(max "$best_triad" "${l_triad:-0}")
fi
if command -v sysbench >/dev/null 2>&1; then
    # 512 MiB blocks: smaller blocks are re-read from the caches and measure them instead
    s_read=$(sysbench memory --memory-block-size=512M --memory-total-size=32G --memory-oper=read --threads="$T" run 2>/dev/null |
             sed -n 's/.*(\([0-9.]*\) MiB\/sec).*/\1/p' | awk '{print $1 * 1.048576 / 1000}')
    s_write=$(sysbench memory --memory-block-size=512M --memory-total-size=32G --memory-oper=write --threads="$T" run 2>/dev/null |
             sed -n 's/.*(\([0-9.]*\) MiB\/sec).*/\1/p' | awk '{print $1 * 1.048576 / 1000}')
    printf '%-34s read %7.1f GB/s   (write %.1f)\n' "sysbench memory (512 MiB blocks)" "${s_read:-0}" "${s_write:-0}"
    best_read=$(max "$best_read" "${s_read:-0}")
fi
if command -v mbw >/dev/null 2>&1; then
    # mbw is single-threaded: one instance per core, summed
    m_copy=0
    for i in $(seq "$T"); do mbw -q -n 5 -t0 512 2>/dev/null | awk '/^AVG/ {print $(NF-1)}' >"/tmp/mbw.$$.$i" & done
    wait
    m_copy=$(cat /tmp/mbw.$$.* | awk '{s += $1 * 1.048576 / 1000 * 2} END {print s}')  # MiB/s of copy, x2: read + write
    rm -f /tmp/mbw.$$.*
    printf '%-34s copy %7.1f GB/s (read + write)\n' "mbw memcpy x $T instances" "$m_copy"
    best_copy=$(max "$best_copy" "$m_copy")
fi
echo
awk -v a="$a_read" -v b="$best_read" 'BEGIN { if (b > 0) printf "read:  aibench / best of the others = %.2f\n", a / b }'
awk -v a="$a_copy" -v b="$best_copy" 'BEGIN { if (b > 0) printf "copy:  aibench / best of the others = %.2f\n", a / b }'
awk -v a="$a_triad" -v b="$best_triad" 'BEGIN { if (b > 0) printf "triad: aibench / best of the others = %.2f\n", a / b }'
