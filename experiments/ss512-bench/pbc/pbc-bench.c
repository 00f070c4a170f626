/*
 * Per-operation CPU times of the PBC library (Lynn, https://crypto.stanford.edu/pbc/) on its Type-A parameters
 * (a.param: the SS512 setting of core/groups/ss512), for the side-by-side table of experiments/ss512-bench.
 * Built and run by build.sh; never part of the tests.
 *
 * Timing: CPU time of this process (clock_gettime CLOCK_PROCESS_CPUTIME_ID), the same clock as the TypeScript side
 * (process.cpuUsage), so a loaded machine does not inflate one side more than the other. Each operation is called
 * in batches of at least 0.5 ms of CPU; the figure is the median per-call time over the batches (at least 30
 * batches and 300 ms). Output: one JSON object {op: ms} on stdout.
 *
 * PBC has no public Miller-loop call: `millerLoop` is derived as pairing - finalExp and labelled so by the caller.
 * `finalExp` times pairing->finalpow on a copy of a fixed unreduced F_q^2 value (the copy is included, a few ns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pbc.h>

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef void (*op_fn)(void);

static double time_op(op_fn f) {
  for (int i = 0; i < 5; i++) f();
  double t0 = cpu_ms();
  f();
  double one = cpu_ms() - t0;
  if (one < 1e-4) one = 1e-4;
  int batch = (int)(0.5 / one) + 1;
  double samples[4096];
  int n = 0;
  double spent = 0;
  while ((n < 30 || spent < 300) && n < 4096) {
    double s = cpu_ms();
    for (int i = 0; i < batch; i++) f();
    double d = cpu_ms() - s;
    spent += d;
    samples[n++] = d / batch;
  }
  qsort(samples, n, sizeof(double), cmp);
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

static pairing_t P;
static element_t a, b, g, out1, outT, eT, eT2, k, fq_x, fq_y, fq_o, rawT, tmpT;
static element_pp_t ppG, ppGT;
static pairing_pp_t ppPair;
static unsigned char msg[32];
static int ctr;

static void op_pairing(void) { pairing_apply(outT, a, b, P); }
static void op_finalexp(void) {
  element_set(tmpT, rawT);
  P->finalpow(tmpT);
}
static void op_pairing_pre(void) { pairing_pp_apply(outT, a, ppPair); }
static void op_expG(void) { element_pow_zn(out1, a, k); }
static void op_fixedExpG(void) { element_pp_pow_zn(out1, k, ppG); }
static void op_expGT(void) { element_pow_zn(outT, eT, k); }
static void op_fixedExpGT(void) { element_pp_pow_zn(outT, k, ppGT); }
static void op_hashG(void) {
  msg[0] = (unsigned char)ctr++;
  element_from_hash(out1, msg, sizeof msg);
}
static void op_mulG(void) { element_mul(out1, a, g); }
static void op_mulGT(void) { element_mul(outT, eT, eT2); }
static void op_fqMul(void) { element_mul(fq_o, fq_x, fq_y); }
static void op_fqInv(void) { element_invert(fq_o, fq_x); }

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s a.param\n", argv[0]);
    return 2;
  }
  FILE *fp = fopen(argv[1], "r");
  if (!fp) {
    perror(argv[1]);
    return 2;
  }
  char buf[16384];
  size_t len = fread(buf, 1, sizeof buf, fp);
  fclose(fp);
  if (pairing_init_set_buf(P, buf, len)) {
    fprintf(stderr, "cannot parse %s\n", argv[1]);
    return 2;
  }
  element_init_G1(a, P);
  element_init_G2(b, P);
  element_init_G1(g, P);
  element_init_G1(out1, P);
  element_init_GT(outT, P);
  element_init_GT(eT, P);
  element_init_GT(eT2, P);
  element_init_GT(rawT, P);
  element_init_GT(tmpT, P);
  element_init_Zr(k, P);
  element_random(a);
  element_random(b);
  element_random(g);
  element_random(k);
  pairing_apply(eT, a, b, P);
  pairing_apply(eT2, g, b, P);
  element_random(rawT->data); /* an unreduced F_q^2 value, as a Miller loop leaves it */
  element_init_same_as(fq_x, element_x(a));
  element_init_same_as(fq_y, element_x(a));
  element_init_same_as(fq_o, element_x(a));
  element_set(fq_x, element_x(a));
  element_set(fq_y, element_y(g));
  element_pp_init(ppG, a);
  element_pp_init(ppGT, eT);
  pairing_pp_init(ppPair, b, P);
  memset(msg, 7, sizeof msg);

  struct {
    const char *name;
    op_fn f;
  } ops[] = {
      {"pairing", op_pairing},     {"finalExp", op_finalexp}, {"pairingPre", op_pairing_pre},
      {"expG", op_expG},           {"fixedExpG", op_fixedExpG}, {"expGT", op_expGT},
      {"fixedExpGT", op_fixedExpGT}, {"hashG", op_hashG},     {"mulG", op_mulG},
      {"mulGT", op_mulGT},         {"fqMul", op_fqMul},       {"fqInv", op_fqInv},
  };
  printf("{");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    printf("%s\"%s\": %.6f", i ? ", " : "", ops[i].name, time_op(ops[i].f));
  printf("}\n");
  return 0;
}
