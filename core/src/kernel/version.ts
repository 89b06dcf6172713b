/** The version of the kernel API that plugins declare a range against (`kernel: '^1.0.0'`). */
export const KERNEL_API_VERSION = '1.0.0';
