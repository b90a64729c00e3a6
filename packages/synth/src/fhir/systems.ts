// The systems are shared by everything that reads or writes Vietnamese data (core/vn-systems.ts).
export { CS, EXT, PROVINCE_NAME, SID } from '@lienthong/core';
