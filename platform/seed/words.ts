// Word lists for the Taicang demo data set (REFERENCE.md "Taicang, for demo data").

export const REGION = '320585';

/** Towns and subdistricts of Taicang, with a few roads in each for addresses. */
export const DISTRICT_STREETS: Readonly<Record<string, readonly string[]>> = {
  城厢镇: ['县府东街', '人民南路', '新华西路', '半泾南路', '弇山西路', '朝阳路'],
  沙溪镇: ['白云中路', '沙南东路', '岳鹿路', '印溪路', '归庄路'],
  浏河镇: ['新川路', '闸北路', '浏太路', '紫薇路', '郑和路'],
  浮桥镇: ['滨江大道', '浮南路', '九曲路', '时思路'],
  璜泾镇: ['杨林路', '王秀路', '璜泾大街', '鹿河路'],
  双凤镇: ['凤中路', '新湖路', '双凤大街', '温州路'],
  娄东街道: ['上海东路', '常胜北路', '北京东路', '郑和中路', '娄江路'],
  陆渡街道: ['宁波东路', '苏州东路', '通港路', '陆渡大街'],
  太仓港经济技术开发区: ['港城大道', '北环路', '通港西路', '新港路', '滨江大道'],
};
export const DISTRICTS = Object.keys(DISTRICT_STREETS);
export const PORT_AREA = '太仓港经济技术开发区';

/** 字号: trade names of Taicang firms. */
export const TRADE_NAMES = [
  '娄东',
  '弇山',
  '金仓',
  '鑫宇',
  '恒通',
  '华东',
  '瑞丰',
  '德润',
  '新港',
  '港城',
  '郑和',
  '明珠',
  '天润',
  '永盛',
  '嘉禾',
  '泰和',
  '东亭',
  '长江',
  '江海',
  '宏达',
  '锦华',
  '卓越',
  '博远',
  '中联',
  '亿通',
  '诚达',
  '丰源',
  '汇通',
  '东林',
  '南郊',
  '振华',
  '金穗',
  '万和',
  '百盛',
  '安康',
  '仁和',
  '康泰',
  '普瑞',
  '盛世',
  '海天',
  '银河',
  '协力',
  '龙腾',
  '兴业',
  '联盛',
  '恒丰',
  '富达',
  '国泰',
  '广源',
  '美林',
  '鼎盛',
  '华瑞',
  '新亚',
  '昌隆',
  '宝丰',
  '润泽',
  '金港',
  '海鸿',
  '太丰',
  '沪太',
  '江南',
  '吉盛',
  '佳和',
  '隆源',
  '群星',
  '新城',
  '舒康',
  '益民',
  '惠通',
  '捷安',
];

/** Residential communities for natural persons' addresses. */
export const COMMUNITIES = [
  '南园新村',
  '朝阳新村',
  '东仓花园',
  '上海花园',
  '半泾湾花园',
  '新区一村',
  '北门新村',
  '弇山花园',
  '郑和花园',
  '沙溪新村',
  '浏河花苑',
  '梅园新村',
  '金色江南',
  '太仓世纪花园',
  '华旭新村',
  '港城花园',
  '香塘花园',
];

export const COUNTERPARTIES = [
  '上海某国际贸易有限公司',
  '苏州工业园区某电子有限公司',
  '昆山某精密机械有限公司',
  '常熟某纺织有限公司',
  '无锡某新材料有限公司',
  '南通某船舶配件有限公司',
  '嘉兴某包装有限公司',
  '宁波某进出口有限公司',
];

export const BANKS = ['江苏太仓农村商业银行', '中国工商银行太仓分行', '中国农业银行太仓分行', '中国建设银行太仓分行', '交通银行太仓分行'];

export const HOSPITALS = ['太仓市第一人民医院', '太仓市中医医院', '太仓市第二人民医院', '太仓市妇幼保健院', '太仓市疾病预防控制中心'];

/** Places where price, disinfection and quarantine cases happened. */
export const PLACES = ['门店', '营业大厅', '生产车间', '职工食堂', '员工宿舍', '收银区', '仓库'];
export const PUBLIC_PLACES = ['小区卡口', '高速太仓道口', '太仓汽车客运站', '社区服务中心', '农贸市场', '太仓南站'];

export interface Goods {
  name: string;
  unit: string;
  /** Usual retail price range, yuan. */
  price: readonly [number, number];
  /** Epidemic-prevention goods, priced and hoarded mainly in 2020-2022. */
  epidemic: boolean;
}

export const GOODS: readonly Goods[] = [
  { name: '一次性医用口罩', unit: '只', price: [0.5, 1.2], epidemic: true },
  { name: '医用外科口罩', unit: '只', price: [0.8, 1.5], epidemic: true },
  { name: 'KN95口罩', unit: '只', price: [3, 6], epidemic: true },
  { name: '电子体温计', unit: '支', price: [15, 30], epidemic: true },
  { name: '84消毒液', unit: '瓶', price: [6, 12], epidemic: true },
  { name: '75%医用酒精', unit: '瓶', price: [8, 15], epidemic: true },
  { name: '抗原检测试剂', unit: '盒', price: [15, 30], epidemic: true },
  { name: '连花清瘟胶囊', unit: '盒', price: [13, 20], epidemic: true },
  { name: '青菜', unit: '斤', price: [2, 4], epidemic: false },
  { name: '大白菜', unit: '斤', price: [1, 2], epidemic: false },
  { name: '鸡蛋', unit: '斤', price: [4, 6], epidemic: false },
  { name: '猪肉', unit: '斤', price: [14, 28], epidemic: false },
  { name: '大米', unit: '袋', price: [40, 60], epidemic: false },
  { name: '食用油', unit: '桶', price: [60, 90], epidemic: false },
];

/** 国民经济行业门类 (GB/T 4754) used by the sectors below. */
export const INDUSTRY = {
  manufacturing: '制造业',
  trade: '批发和零售业',
  transport: '交通运输、仓储和邮政业',
  catering: '住宿和餐饮业',
  health: '卫生和社会工作',
  agriculture: '农、林、牧、渔业',
  construction: '建筑业',
  research: '科学研究和技术服务业',
  software: '信息传输、软件和信息技术服务业',
  business: '租赁和商务服务业',
  realEstate: '房地产业',
  residents: '居民服务、修理和其他服务业',
  education: '教育',
} as const;
